package org.mlgate.convert.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mlgate.core.Samples;
import org.mlgate.convert.Checkpoints;
import org.mlgate.convert.ConversionRefused;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.bench.SparseTorchZip;

/**
 * Conversion against copying: writes a PyTorch zip checkpoint holding one float32 tensor of pseudo-random bytes,
 * then alternates {@code cp IN OUT}, {@code cp IN OUT && sync OUT} (cp made as durable as our atomic write,
 * which forces the output to disk before renaming it) and an in-process {@link Checkpoints#convert} (scan without
 * digest, interpretation, atomic write), with the page cache warm for all three. Prints medians; never pass/fail.
 */
public final class ConvertBench {
    private ConvertBench() {
    }

    /** Medians in milliseconds. */
    public record Figures(long fileBytes, int runs, double cpMillis, double cpSyncMillis, double convertMillis) {
        public double ratioToCp() {
            return convertMillis / cpMillis;
        }

        public double ratioToCpSync() {
            return convertMillis / cpSyncMillis;
        }
    }

    public static Figures run(Path dir, long bytes, int runs, PrintStream progress) throws IOException,
            ConversionRefused {
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < 3 * bytes + (256L << 20)) {
            throw new IOException("not enough free space in " + dir + ": " + free + " bytes, the benchmark needs "
                    + (3 * bytes) + " (input, copy and output)");
        }
        Path in = dir.resolve("bench-input.pt");
        Path copy = dir.resolve("bench-copy.pt");
        Path out = dir.resolve("bench-output.safetensors");
        try {
            progress.printf("writing a %,d-byte checkpoint to %s%n", bytes, in);
            SparseTorchZip.writeFilled(in, bytes);
            Scanner scanner = Scanner.builder().threads(1).digest(false).build();
            exec(List.of("cp", in.toString(), copy.toString())); // warm the page cache
            Checkpoints.convert(scanner, in, out); // and the JIT
            List<Long> cp = new ArrayList<>();
            List<Long> cpSync = new ArrayList<>();
            List<Long> convert = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Files.deleteIfExists(copy);
                cp.add(exec(List.of("cp", in.toString(), copy.toString())));
                Files.deleteIfExists(copy);
                cpSync.add(exec(List.of("sh", "-c", "cp \"$1\" \"$2\" && sync \"$2\"", "sh", in.toString(),
                        copy.toString())));
                Files.deleteIfExists(out);
                long t = System.nanoTime();
                Checkpoints.convert(scanner, in, out);
                convert.add(System.nanoTime() - t);
                progress.printf("run %d: cp %.0f ms, cp+sync %.0f ms, convert %.0f ms%n", i + 1, cp.getLast() / 1e6,
                        cpSync.getLast() / 1e6, convert.getLast() / 1e6);
            }
            return new Figures(Files.size(in), runs, median(cp), median(cpSync), median(convert));
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(copy);
            Files.deleteIfExists(out);
        }
    }

    private static long exec(List<String> command) throws IOException {
        long t = System.nanoTime();
        Process p = new ProcessBuilder(command).inheritIO().start();
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return System.nanoTime() - t;
    }

    private static double median(List<Long> nanos) {
        return Samples.median(nanos.stream().mapToDouble(n -> n / 1e6).toArray());
    }
}
