package org.mlgate.scan.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtypeTest {
    private static Dtype of(String descr) throws Exception {
        return Dtype.of(PyLiteral.parse(descr));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '\"', value = {
        "'<f8'; 8", "'|b1'; 1", "'<U5'; 20", "'|S3'; 3", "'<c16'; 16", "'<M8[ns]'; 8", "'<m8'; 8", "'|u1'; 1",
        "'>i2'; 2", "'<f2'; 2", "'|V16'; 16", "'float32'; 4", "'?'; 1",
        "[('a', '<i4'), ('b', '<f8')]; 12",
        "[('x', '<f4', (3,)), ('y', [('p', '|u1'), ('q', '<i2')])]; 15",
        "[(('Title', 'a'), '<i8', 2)]; 16",
        "('<i4', (2, 3)); 24",
    })
    void itemSizes(String descr, long size) throws Exception {
        Dtype d = of(descr);
        assertThat(d.itemSize()).isEqualTo(size);
        assertThat(d.hasObjects()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '\"', value = {"'|O'", "'O'", "'object'", "[('a', '<i4'), ('b', '|O')]",
        "[('x', [('deep', '|O8')])]", "[('x', '|O', (2,))]"})
    void objects(String descr) throws Exception {
        assertThat(of(descr).hasObjects()).isTrue();
    }

    @Test
    void invalidDescrs() {
        assertThatThrownBy(() -> of("'<f3'")).hasMessageContaining("impossible size");
        assertThatThrownBy(() -> of("'<q8'")).hasMessageContaining("unrecognised type kind");
        assertThatThrownBy(() -> of("'hello world'")).hasMessageContaining("unrecognised type string");
        assertThatThrownBy(() -> of("5")).hasMessageContaining("not a type string");
        assertThatThrownBy(() -> of("[('a',)]")).hasMessageContaining("not (name, dtype[, shape])");
        assertThatThrownBy(() -> of("[(1, '<i4')]")).hasMessageContaining("name");
        assertThatThrownBy(() -> of("[('a', '<i4', (-1,))]")).hasMessageContaining("negative");
        assertThatThrownBy(() -> of("[('a', '<U4000000000', (4000000000, 4000000000))]"))
                .hasMessageContaining("overflows");
    }
}
