package org.mlgate.scan.npy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.container.Harness;

class NpyHandlerTest {
    private static final byte[] PICKLE = {(byte) 0x80, 0x03, ']', 'q', 0, '.'};

    @Test
    void numericArrayWithMatchingLayoutIsClean() {
        Harness.Result r = Harness.scan(Npy.v1(Npy.header("'<f8'", "(3, 4)"), new byte[96]));
        assertThat(r.format()).isEqualTo("npy");
        assertThat(r.outcome().findings()).isEmpty();
        assertThat(r.problems()).isEmpty();
        assertThat(r.pickles()).isEmpty();
    }

    @Test
    void versions2And3AndScalarsAndEmptyArrays() {
        assertThat(Harness.scan(Npy.file(2, Npy.header("'<i4'", "(2,)"), new byte[8])).outcome().findings()).isEmpty();
        assertThat(Harness.scan(Npy.file(3, Npy.header("[('é', '<i2')]", "(2,)"), new byte[4])).problems()).isEmpty();
        assertThat(Harness.scan(Npy.v1(Npy.header("'<i8'", "()"), new byte[8])).outcome().findings()).isEmpty();
        assertThat(Harness.scan(Npy.v1(Npy.header("'<i8'", "(0, 5)"), new byte[0])).outcome().findings()).isEmpty();
    }

    @Test
    void structuredLayout() {
        String descr = "[('a', '<i4'), ('b', '<U5'), ('c', '<c16', (2,))]";
        Harness.Result r = Harness.scan(Npy.v1(Npy.header(descr, "(2,)"), new byte[2 * (4 + 20 + 32)]));
        assertThat(r.outcome().findings()).isEmpty();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void npy_truncated_data_isALayoutFinding() {
        Harness.Result r = Harness.scan(Npy.v1(Npy.header("'<f8'", "(3, 4)"), new byte[90]));
        assertThat(r.findings(ScanRules.NPY_LAYOUT)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.message()).contains("promises 96").contains("has 90").contains("truncated");
        });
    }

    @Test
    void npy_extra_data_isALayoutFinding() {
        Harness.Result r = Harness.scan(Npy.v1(Npy.header("'|b1'", "(4,)"), new byte[10]));
        assertThat(r.findings(ScanRules.NPY_LAYOUT)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("extra bytes"));
    }

    @Test
    void objectArrayHandsItsDataToThePicklePath() {
        byte[] file = Npy.v1(Npy.header("'|O'", "(2, 2)"), PICKLE);
        Harness.Result r = Harness.scan(file);
        assertThat(r.findings(ScanRules.OBJECT_ARRAY)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(r.pickles()).singleElement().satisfies(s -> {
            assertThat(s.members()).containsExactly("array-data");
            assertThat(s.size()).isEqualTo(PICKLE.length);
        });
    }

    @Test
    void objectFieldInAStructuredDtypeCounts() {
        byte[] notAPickleStart = "garbage".getBytes();
        Harness.Result r = Harness.scan(Npy.v1(Npy.header("[('a', '<i4'), ('b', '|O')]", "(1,)"), notAPickleStart));
        assertThat(r.findings(ScanRules.OBJECT_ARRAY)).hasSize(1);
        // handed to the pickle handler whatever it sniffs like: np.load unpickles it
        assertThat(r.pickles()).hasSize(1);
    }

    @Test
    void npy_header_not_dict() {
        Harness.Result r = Harness.scan(Npy.v1("['descr', '<f8']", new byte[8]));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).contains("header is not a dict");
            assertThat(p.location().offset()).isEqualTo(10);
        });
    }

    @Test
    void npy_header_code_is_not_evaluated() {
        Harness.Result r = Harness.scan(Npy.v1("{'descr': __import__('os').system('id'), 'fortran_order': False, "
                + "'shape': (1,)}", new byte[8]));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("not a Python literal");
            assertThat(p.location().offset()).isEqualTo(10 + 10);
        });
    }

    @Test
    void npy_shape_overflow() {
        Harness.Result r = Harness.scan(Npy.v1(Npy.header("'<f8'", "(4294967296, 4294967296)"), new byte[8]));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).contains("overflows 64 bits");
        });
    }

    @Test
    void npy_shape_not_tuple_and_negative() {
        assertThat(Harness.scan(Npy.v1(Npy.header("'<f8'", "[3]"), new byte[24])).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not a tuple"));
        assertThat(Harness.scan(Npy.v1(Npy.header("'<f8'", "(-1,)"), new byte[8])).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("non-negative"));
    }

    @Test
    void npy_wrong_keys() {
        Harness.Result r = Harness.scan(Npy.v1("{'descr': '<f8', 'shape': (1,)}", new byte[8]));
        assertThat(r.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("[descr, shape]").contains("requires exactly"));
    }

    @Test
    void npy_bad_descr() {
        Harness.Result r = Harness.scan(Npy.v1(Npy.header("'<x9'", "(1,)"), new byte[9]));
        assertThat(r.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("descr").contains("unrecognised type kind"));
    }

    @Test
    void npy_header_length_past_eof() {
        byte[] f = Npy.v1(Npy.header("'<f8'", "(1,)"), new byte[8]);
        f[8] = (byte) 0xff;
        f[9] = (byte) 0x7f;
        Harness.Result r = Harness.scan(f);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("header length 32767 runs past the end");
            assertThat(p.location().offset()).isEqualTo(8);
        });
    }

    @Test
    void npy_unsupported_version_and_truncated_preamble() {
        byte[] f = Npy.v1(Npy.header("'<f8'", "(1,)"), new byte[8]);
        f[6] = 9;
        assertThat(Harness.scan(f).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("unsupported .npy format version 9.0"));
        assertThat(Harness.scan(Arrays.copyOf(f, 8)).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("preamble"));
    }

    @Test
    void npy_bad_fortran_order() {
        Harness.Result r = Harness.scan(Npy.v1("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", new byte[8]));
        assertThat(r.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("fortran_order"));
    }
}
