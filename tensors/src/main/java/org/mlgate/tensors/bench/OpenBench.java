package org.mlgate.tensors.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.mlgate.tensors.SafeTensors;
import org.mlgate.tensors.SafetensorsException;

/**
 * Measures {@link SafeTensors#open} on a sparse safetensors file of a given size: opening must cost
 * O(header), whatever the size of the data. A benchmark that prints figures, never a test.
 */
public final class OpenBench {
    /** Median and best open+close time in microseconds. */
    public record Figures(long fileBytes, double medianMicros, double bestMicros) { }

    private OpenBench() {
    }

    /** Writes one U8 tensor of {@code dataBytes} as a sparse file (the data is a hole). */
    public static void writeSparse(Path file, long dataBytes) throws IOException {
        String json = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"U8\",\"shape\":[" + dataBytes
                + "],\"data_offsets\":[0," + dataBytes + "]}}";
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(0);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            raf.write(h);
            raf.write(" ".repeat(padded - h.length).getBytes(StandardCharsets.US_ASCII));
            raf.setLength(8L + padded + dataBytes);
        }
    }

    public static Figures run(Path file, int runs, PrintStream log) throws IOException, SafetensorsException {
        long size = java.nio.file.Files.size(file);
        for (int i = 0; i < 20; i++) {
            try (SafeTensors st = SafeTensors.open(file)) {
                st.tensors();
            }
        }
        double[] micros = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            try (SafeTensors st = SafeTensors.open(file)) {
                st.tensor(st.tensors().getFirst()).byteSize();
            }
            micros[i] = (System.nanoTime() - t0) / 1e3;
        }
        Arrays.sort(micros);
        log.printf("opened %s (%,d bytes) %d times%n", file, size, runs);
        return new Figures(size, micros[runs / 2], micros[0]);
    }
}
