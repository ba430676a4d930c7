package org.mlgate.scan.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.testing.PickleBuilder;

/** Views larger than their storage (MLG-PKL-010). */
class TensorViewTest {
    private static final Scanner SCANNER = Scanner.builder().threads(1).build();

    /** What torch.save writes for one tensor: _rebuild_tensor_v2(storage pid, offset, size, stride, False, OD()). */
    static byte[] tensor(int storageNumel, int offset, int[] size, int[] stride) {
        PickleBuilder b = PickleBuilder.create().proto(2).global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().str("storage").global("torch", "FloatStorage").str("0").str("cpu").binint(storageNumel)
                .tuple().op('Q').binint(offset).mark();
        for (int s : size) {
            b.binint(s);
        }
        b.tuple().mark();
        for (int s : stride) {
            b.binint(s);
        }
        b.tuple().op(0x89).global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce().stop();
        return b.bytes();
    }

    @Test
    void malicious_oneElementStorageViewedAs65536Squared() {
        FileResult r = SCANNER.scanBytes("model.pt", tensor(1, 0, new int[] {65536, 65536}, new int[] {0, 0}));
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-PKL-010");
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.message()).contains("4294967296 elements", "blow-up x4294967296");
        });
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE); // MEDIUM: below the default --fail-on HIGH
        assertThat(Scanner.builder().failOn(Severity.MEDIUM).build().scanBytes("model.pt",
                tensor(1, 0, new int[] {65536, 65536}, new int[] {0, 0})).verdict()).isEqualTo(Verdict.UNSAFE);
    }

    @Test
    void malformed_viewReachingPastItsStorage() {
        FileResult r = SCANNER.scanBytes("model.pt", tensor(16, 8, new int[] {4, 4}, new int[] {4, 1}));
        assertThat(r.findings()).extracting(Finding::message).singleElement().asString().contains("reaches element 24");
    }

    @Test
    void nearMiss_contiguousAndSmallExpandedViewsAreFine() {
        assertThat(SCANNER.scanBytes("a.pt", tensor(16, 0, new int[] {4, 4}, new int[] {4, 1})).findings()).isEmpty();
        assertThat(SCANNER.scanBytes("b.pt", tensor(1, 0, new int[] {1000}, new int[] {0})).findings()).isEmpty();
    }
}
