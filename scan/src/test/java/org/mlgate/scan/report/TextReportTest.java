package org.mlgate.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Location;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.ScanRules;

class TextReportTest {
    @Test
    void unsafeFileShowsEveryFindingInFull() {
        String text = TextReport.render(SampleReports.report(List.of(SampleReports.unsafePickle())));
        assertThat(text).isEqualTo("""
                mlgate 1.2.3: rule pack 2026.11.1, fail on HIGH, profiles python-core@1, pytorch@2

                UNSAFE  models/evil.pkl
                  format pickle, 1234 bytes, sha256 %s
                  CRITICAL MLG-PKL-001 dangerous-global
                    at:  models/evil.pkl @12 (GLOBAL)
                    why: imports os.system (runs a shell command)
                    fix: %s
                  HIGH     MLG-PKL-007 computed-callable
                    at:  models/evil.pkl!archive/data.pkl @40 (REDUCE)
                    why: calls the result of another call
                    fix: %s

                1 file: 0 safe, 1 unsafe, 0 error; 2 findings
                """.formatted(SampleReports.EVIL_SHA.hex(), ScanRules.DANGEROUS_GLOBAL.remediation(),
                ScanRules.COMPUTED_CALL.remediation()));
    }

    @Test
    void safeFilesAreCompactAndErrorsShowTheirProblems() {
        String text = TextReport.render(SampleReports.mixed());
        assertThat(text.lines()).contains(
                "SAFE    models/clean.safetensors  (format safetensors, 10 bytes, sha256 " + SampleReports.OK_SHA.hex()
                        + ")",
                "SAFE    models/ok.pt  (format zip, 4096 bytes, sha256 " + SampleReports.OK_SHA.hex() + ")",
                "  INFO MLG-PKL-009 uses persistent ids at models/ok.pt!archive/data.pkl",
                "ERROR   models/broken.pkl",
                "  format pickle, 4 bytes, sha256 " + SampleReports.BROKEN_SHA.hex(),
                "  not analysed (malformed) at models/broken.pkl @3: truncated pickle: FRAME length beyond end of data",
                "ERROR   dir with space/ünï:code.npy",
                "  format unknown, sha256 not computed",
                "  not analysed (budget) at bundle.zip!inner.tar!big.bin: decompressed size over budget");
        // the clean file takes exactly one line
        int clean = text.lines().toList().indexOf(
                "SAFE    models/clean.safetensors  (format safetensors, 10 bytes, sha256 " + SampleReports.OK_SHA.hex()
                        + ")");
        assertThat(text.lines().toList().get(clean + 1)).startsWith("ERROR");
        assertThat(text).endsWith("\n6 files: 2 safe, 2 unsafe, 2 error; 5 findings\n");
    }

    @Test
    void emptyReportSaysSo() {
        String text = TextReport.render(SampleReports.report(List.of()));
        assertThat(text).contains("no files found\n").endsWith("\n0 files: 0 safe, 0 unsafe, 0 error\n");
    }

    @Test
    void textFromTheScannedFileCannotDriveTheTerminal() {
        String evilName = "x.pkl\u001b[2J\rSAFE    fake.pkl\u202e";
        Finding f = Finding.of(ScanRules.UNLISTED_GLOBAL, Severity.HIGH,
                new Location(evilName, List.of("a\nb"), 0, null), "imports evil.\u001b[31mred");
        String text = TextReport.render(SampleReports.report(List.of(
                new FileResult(evilName, SampleReports.EVIL_SHA, 1, "pickle", Verdict.UNSAFE, List.of(f), List.of()))));
        assertThat(text).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u202e")
                .contains("UNSAFE  x.pkl\\u001B[2J\\u000DSAFE    fake.pkl\\u202E\n")
                .contains("at:  x.pkl\\u001B[2J\\u000DSAFE    fake.pkl\\u202E!a\\u000Ab @0\n")
                .contains("why: imports evil.\\u001B[31mred\n");
        assertThat(text.lines().filter(l -> l.startsWith("SAFE"))).isEmpty();
    }

    @Test
    void cleanKeepsOrdinaryTextAndPairedSurrogates() {
        assertThat(TextReport.clean("modèle/😀.pkl")).isEqualTo("modèle/😀.pkl");
        assertThat(TextReport.clean("a\ud800b")).isEqualTo("a\\uD800b");
        assertThat(TextReport.clean(null)).isEmpty();
    }
}
