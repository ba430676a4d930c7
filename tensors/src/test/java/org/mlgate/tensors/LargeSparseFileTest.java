package org.mlgate.tensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 3 GiB tensor in a sparse file: opening maps it and parses the header without reading the data. */
class LargeSparseFileTest {
    private static final long SIZE = 3L << 30;

    @TempDir
    Path dir;

    @Test
    void aThreeGigabyteTensorOpensWithoutReadingItsData() throws Exception {
        Path file = dir.resolve("big.safetensors");
        String json = "{\"big\":{\"dtype\":\"U8\",\"shape\":[" + SIZE + "],\"data_offsets\":[0," + SIZE + "]}}";
        byte[] h = (json + " ".repeat((8 - json.length() % 8) % 8)).getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            raf.write(h);
            raf.setLength(8 + h.length + SIZE);
        }
        long allocated = allocatedBytes(file);
        boolean sparse = allocated >= 0 && allocated < (64L << 20);
        assumeTrue(sparse || Files.getFileStore(dir).getUsableSpace() > 2 * SIZE,
                "skipped: the temp file system stores no sparse files and has less than 6 GiB free");

        long start = System.nanoTime();
        try (SafeTensors st = SafeTensors.open(file)) {
            long openMillis = (System.nanoTime() - start) / 1_000_000;
            Tensor t = st.tensor("big");
            assertThat(t.byteSize()).isEqualTo(SIZE);
            assertThat(t.shape()).containsExactly(SIZE);
            assertThat(openMillis).as("open must cost O(header), not O(data)").isLessThan(2_000);
            // one page at the far end, beyond 2^31: reading it materialises only that page
            assertThat(t.getByte(SIZE - 1)).isZero();
            assertThat(t.segment().get(ValueLayout.JAVA_BYTE, (2L << 30) + 5)).isZero();
        }
        if (sparse) {
            assertThat(allocatedBytes(file)).as("the file stays sparse: no data was written").isLessThan(64L << 20);
        }
    }

    /** Blocks on disk (512-byte units per POSIX), or -1 where the platform does not say. */
    private static long allocatedBytes(Path file) {
        try {
            Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
            String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
            return p.waitFor() == 0 ? Long.parseLong(out[0]) * Long.parseLong(out[1]) : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
