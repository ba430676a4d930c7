package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convert} and {@code data fraud} as separate processes, stopped by SIGTERM while their output is being
 * written: the temporary file is removed on the way out and nothing appears at the output path.
 */
class InterruptProcessTest {
    @TempDir
    Path tmp;

    private Process mlgate(String... args) throws Exception {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        c.addAll(List.of(args));
        return new ProcessBuilder(c).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private List<String> temporaries() throws Exception {
        try (Stream<Path> l = Files.list(tmp)) {
            return l.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.contains("staging"))
                    .toList();
        }
    }

    /** Waits until a temporary file appears, then sends SIGTERM; the process must clean up and exit. */
    private void interruptWhileWriting(Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (temporaries().isEmpty()) {
            assertThat(p.isAlive()).as("the command finished before its output was seen being written").isTrue();
            assertThat(System.nanoTime()).as("no temporary file within 120 s").isLessThan(deadline);
            Thread.sleep(2);
        }
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(temporaries()).isEmpty();
    }

    @Test
    void sigtermDuringConvertLeavesNoTemporaryFile() throws Exception {
        // a 1 GiB float32 .npy, sparse on disk: writing its safetensors copy takes long enough to be interrupted
        Path npy = tmp.resolve("big.npy");
        long n = 1L << 28;
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ",), }";
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile f = new RandomAccessFile(npy.toFile(), "rw")) {
            f.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length,
                (byte) (header.length >> 8)});
            f.write(header);
            f.setLength(10 + header.length + n * 4);
        }
        Path out = tmp.resolve("big.safetensors");
        interruptWhileWriting(mlgate("convert", npy.toString(), "--out", out.toString()));
        assertThat(out).doesNotExist();
    }

    @Test
    void sigtermDuringDataFraudLeavesNoTemporaryFile() throws Exception {
        Path out = tmp.resolve("fraud.csv");
        interruptWhileWriting(mlgate("data", "fraud", "--rows", "5000000", "--seed", "1", "--out", out.toString()));
        assertThat(out).doesNotExist();
    }
}
