package org.mlgate.scan.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PyLiteralTest {
    @Test
    void parsesTheLiteralsNumpyWrites() throws Exception {
        PyLiteral v = PyLiteral.parse("{'descr': [('a', '<i4'), (('title', 'b'), '|O', (2, 3))], "
                + "'fortran_order': True, 'shape': (3L, 4), 'x': None, \"y\": [], 'z': (), 'n': -5, }  \n");
        assertThat(v).isInstanceOf(PyLiteral.Dict.class);
        PyLiteral.Dict d = (PyLiteral.Dict) v;
        assertThat(d.entries()).hasSize(7);
        assertThat(d.entries().get(new PyLiteral.Str("shape"))).isEqualTo(new PyLiteral.Tuple(List.of(
                new PyLiteral.Int(BigInteger.valueOf(3)), new PyLiteral.Int(BigInteger.valueOf(4)))));
        assertThat(d.entries().get(new PyLiteral.Str("fortran_order"))).isEqualTo(new PyLiteral.Bool(true));
        assertThat(d.entries().get(new PyLiteral.Str("z"))).isEqualTo(new PyLiteral.Tuple(List.of()));
        assertThat(d.entries().get(new PyLiteral.Str("n"))).isEqualTo(new PyLiteral.Int(BigInteger.valueOf(-5)));
    }

    @Test
    void parenthesisedValueWithoutCommaIsNotATuple() throws Exception {
        assertThat(PyLiteral.parse("(3)")).isEqualTo(new PyLiteral.Int(BigInteger.valueOf(3)));
        assertThat(PyLiteral.parse("(3,)")).isInstanceOf(PyLiteral.Tuple.class);
    }

    @Test
    void escapesInStrings() throws Exception {
        assertThat(PyLiteral.parse("'a\\'b\\\\c'")).isEqualTo(new PyLiteral.Str("a'b\\c"));
    }

    @Test
    void rejectsAnythingThatIsNotALiteral() {
        assertThatThrownBy(() -> PyLiteral.parse("__import__('os').system('id')"))
                .isInstanceOf(PyLiteral.SyntaxError.class).hasMessageContaining("is not a literal");
        assertThatThrownBy(() -> PyLiteral.parse("{'a': 1} + 1")).hasMessageContaining("unexpected text");
        assertThatThrownBy(() -> PyLiteral.parse("1.5")).hasMessageContaining("only decimal integers");
        assertThatThrownBy(() -> PyLiteral.parse("{'a' 1}")).hasMessageContaining("expected ':'");
        assertThatThrownBy(() -> PyLiteral.parse("(1 2)")).hasMessageContaining("expected ','");
        assertThatThrownBy(() -> PyLiteral.parse("'open")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> PyLiteral.parse("{'a': 1, 'a': 2}")).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> PyLiteral.parse("")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> PyLiteral.parse("1".repeat(101))).hasMessageContaining("more than 100 digits");
    }

    @Test
    void nestingIsBounded() {
        assertThatThrownBy(() -> PyLiteral.parse("[".repeat(40) + "]".repeat(40)))
                .hasMessageContaining("nested deeper than 32");
        assertThatThrownBy(() -> PyLiteral.parse("(".repeat(100_000)))
                .hasMessageContaining("nested deeper than 32");
    }

    @Test
    void syntaxErrorsCarryTheirPosition() {
        assertThatThrownBy(() -> PyLiteral.parse("{'a': nope}")).isInstanceOfSatisfying(PyLiteral.SyntaxError.class,
                e -> assertThat(e.position()).isEqualTo(6));
    }
}
