package org.mlgate.scan.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.testing.PickleBuilder;

/** joblib's LZ4 compression (an LZ4 frame around the pickle), which joblib.load reads where lz4 is installed. */
class Lz4FrameTest {
    private static final Scanner SCANNER = Scanner.builder().threads(1).build();

    static byte[] lz4(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FramedLZ4CompressorOutputStream z = new FramedLZ4CompressorOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void malicious_osSystemPickleInAnLz4FrameIsUnsafe() throws IOException {
        FileResult r = SCANNER.scanBytes("model.joblib", lz4(PickleBuilder.create().proto(2).osSystem().stop().bytes()));
        assertThat(r.format()).isEqualTo("lz4");
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(r.findings()).extracting(Finding::ruleId).contains("MLG-PKL-001");
    }

    @Test
    void nearMiss_benignPickleInAnLz4FrameIsSafe() throws IOException {
        FileResult r = SCANNER.scanBytes("model.joblib", lz4(PickleBuilder.create().proto(2).emptyList().stop().bytes()));
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void malformed_truncatedFrameIsNotSafe() throws IOException {
        byte[] f = lz4(PickleBuilder.create().proto(2).emptyList().stop().bytes());
        FileResult r = SCANNER.scanBytes("model.joblib", Arrays.copyOf(f, f.length - 6));
        assertThat(r.format()).isEqualTo("lz4");
        assertThat(r.verdict()).isNotEqualTo(Verdict.SAFE);
    }
}
