package org.mlgate.scan.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.testing.PickleBuilder;

/** Files that are a pickle from byte 0 and a valid zip: every interpretation a loader may take is judged. */
class PolyglotTest {
    private static final Scanner SCANNER = Scanner.builder().threads(1).build();
    private static final byte[] BENIGN = PickleBuilder.create().proto(2).emptyList().stop().bytes();
    /** Protocol 0 tail in the EOCD comment: pops the BINBYTES that swallowed the zip, then runs os.system. */
    private static final String TAIL = "0cos\nsystem\n(S'id'\ntR.";

    private static ZipBuilder benignZip() {
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", BENIGN);
        z.add("archive/version", "3\n");
        return z;
    }

    /** PROTO 2, BINBYTES over the whole archive up to its comment, then the comment is the pickle's tail. */
    static byte[] pickleZipPolyglot() {
        int zipLength = benignZip().comment(TAIL).build().length;
        ByteBuffer head = ByteBuffer.allocate(7).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 0x80).put((byte) 2).put((byte) 'B').putInt(zipLength - TAIL.length());
        return benignZip().comment(TAIL).prepend(head.array()).build();
    }

    @Test
    void malicious_pickleFromByteZeroThroughABenignZipIsUnsafe() {
        FileResult r = SCANNER.scanBytes("model.pt", pickleZipPolyglot());
        assertThat(r.format()).isEqualTo("zip");
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("MLG-PKL-001")).singleElement()
                .satisfies(f -> assertThat(f.location().members()).isEmpty());
        assertThat(r.maxSeverity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void nearMiss_zipWithAnOrdinaryCommentAndNoPrefixIsSafe() {
        FileResult r = SCANNER.scanBytes("model.pt", benignZip().comment("made by hand").build());
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(r.findings()).extracting(Finding::ruleId).doesNotContain("MLG-PKL-001");
    }
}
