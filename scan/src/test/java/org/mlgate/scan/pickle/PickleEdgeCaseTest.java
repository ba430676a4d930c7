package org.mlgate.scan.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.container.ZipBuilder;
import org.mlgate.scan.testing.PickleBuilder;

/** Issue 18's pickle VM edge cases: frame divergence, fix_imports per protocol, archives in values, torch.package. */
class PickleEdgeCaseTest {
    private static final Scanner SCANNER = Scanner.builder().threads(1).build();
    private static final byte[] EVIL = PickleBuilder.create().proto(2).osSystem().stop().bytes();

    private static List<String> rules(FileResult r) {
        return r.findings().stream().map(Finding::ruleId).toList();
    }

    private static FileResult scan(PickleBuilder b) {
        return SCANNER.scanBytes("x.pkl", b.bytes());
    }

    /**
     * Python's _Unframer raises at the first read that straddles a frame end, after running everything before
     * it; the C unpickler reads on. Python's parse is a prefix of C's, which the VM follows: both are covered.
     * A frame past the end is the converse (C stops at FRAME, Python runs the short frame) and is covered too.
     */
    @Test
    void malicious_payloadsOnEitherSideOfAFrameStraddleAreCritical() {
        FileResult before = scan(PickleBuilder.create().proto(4).frame(21).global("os", "system").str("id").tuple1()
                .reduce().pop().str("abcdefgh").none().stop());
        assertThat(rules(before)).contains("MLG-PKL-001", "MLG-PKL-005");
        assertThat(before.maxSeverity()).isEqualTo(Severity.CRITICAL);
        FileResult after = scan(PickleBuilder.create().proto(4).frame(3).str("abcd").pop().global("os", "system")
                .str("id").tuple1().reduce().stop());
        assertThat(rules(after)).contains("MLG-PKL-001", "MLG-PKL-005");
        assertThat(after.verdict()).isEqualTo(Verdict.UNSAFE);
    }

    @Test
    void nearMiss_wellFormedFramesAreNotReported() {
        FileResult r = scan(PickleBuilder.create().proto(4).frame(7).str("abcd").pop().none().stop());
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void malicious_protocolTwoNameMappingTurnsBuiltinReduceIntoFunctoolsReduce() {
        FileResult r = scan(PickleBuilder.create().proto(2).global("__builtin__", "reduce").pop().none().stop());
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-PKL-001");
            assertThat(f.message()).contains("functools.reduce", "written as __builtin__.reduce");
        });
    }

    @Test
    void malicious_midStreamProtoSwitchesTheMappingOn() {
        // protocol 4 at first: __builtin__ is not renamed (and does not exist in Python 3); PROTO 2 later renames it
        FileResult r = scan(PickleBuilder.create().proto(4).global("__builtin__", "eval").pop().proto(2)
                .global("__builtin__", "eval").pop().none().stop());
        assertThat(r.findings()).extracting(Finding::severity).containsExactly(Severity.HIGH, Severity.CRITICAL);
        assertThat(r.findings().get(1).message()).contains("builtins.eval");
    }

    @Test
    void nearMiss_protocolThreeKeepsNamesAsWritten() {
        FileResult r = scan(PickleBuilder.create().proto(3).global("__builtin__", "reduce").pop().none().stop());
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-PKL-002");
            assertThat(f.message()).contains("__builtin__.reduce").doesNotContain("functools");
        });
    }

    private static byte[] torchZip(byte[] dataPkl) {
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", dataPkl).deflated();
        z.add("archive/version", "3\n");
        return z.build();
    }

    @Test
    void malicious_zipInLoadFromBytesArgumentsIsOpenedAndItsPayloadReported() {
        FileResult r = scan(PickleBuilder.create().proto(2).global("torch.storage", "_load_from_bytes")
                .bytes(torchZip(EVIL)).tuple1().reduce().stop());
        assertThat(rules(r)).contains("MLG-PKL-008");
        assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("MLG-PKL-001")
                && f.location().members().contains("archive/data.pkl")).isNotEmpty();
    }

    @Test
    void malicious_latin1ZipInCodecsEncodeArgumentsIsOpened() {
        String latin1 = new String(torchZip(EVIL), StandardCharsets.ISO_8859_1);
        FileResult r = scan(PickleBuilder.create().proto(2).global("_codecs", "encode").str(latin1).str("latin1")
                .tuple().reduce().stop());
        assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("MLG-PKL-001")
                && f.location().members().contains("archive/data.pkl")).isNotEmpty();
    }

    @Test
    void nearMiss_bytesThatStartWithPkButAreNoArchive() {
        FileResult r = scan(PickleBuilder.create().proto(2).bytes("PK\u0003\u0004 not an archive at all"
                .getBytes(StandardCharsets.ISO_8859_1)).stop());
        assertThat(r.findings()).isEmpty();
    }

    private static byte[] torchPackage(boolean marker) {
        ZipBuilder z = new ZipBuilder();
        if (marker) {
            z.add("model/.data/version", "6\n");
            z.add("model/.data/extern_modules", "torch\n");
        }
        z.add("model/models/net.py", "import os\nos.system('id')\nclass Net: pass\n");
        z.add("model/model/model.pkl", PickleBuilder.create().proto(2).emptyList().stop().bytes());
        return z.build();
    }

    @Test
    void malicious_torchPackageSourceIsHighWithItsPath() {
        FileResult r = SCANNER.scanBytes("model.pt", torchPackage(true));
        assertThat(r.format()).isEqualTo("torch-package");
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("MLG-TS-002")).singleElement()
                .satisfies(f -> assertThat(f.location().at()).isEqualTo("model/models/net.py"));
    }

    @Test
    void nearMiss_zipWithPythonFileButNoTorchPackageMarker() {
        FileResult r = SCANNER.scanBytes("bundle.zip", torchPackage(false));
        assertThat(rules(r)).doesNotContain("MLG-TS-002");
    }
}
