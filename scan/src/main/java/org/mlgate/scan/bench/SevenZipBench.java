package org.mlgate.scan.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.mlgate.scan.container.SevenZipCoders;
import org.mlgate.scan.container.SevenZipLayout;
import org.mlgate.scan.container.SevenZipReader;
import org.mlgate.scan.container.TimeCheck;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;

/**
 * Decoding speed of a 7z archive's folders (e.g. PPMd) in process, after warm-up, beside a peer command
 * (normally {@code 7z t ARCHIVE}, which decodes and checks every folder) timed in the same run. Figures
 * are medians of the measured runs; the peer's include its process start. A benchmark, never a test.
 */
public final class SevenZipBench {
    /** Figures of one run; the peer fields are NaN when no peer was run. */
    public record Figures(String coders, long unpackedBytes, double medianSeconds, double mbPerSec,
                          double peerMedianSeconds, double peerMbPerSec) { }

    private static final byte[] SINK = new byte[1 << 16];

    private SevenZipBench() {
    }

    public static Figures run(Path archive, int warmups, int runs, List<String> peer, PrintStream log)
            throws IOException, ScanAbort, InterruptedException {
        Blob blob = Blob.of(archive.getFileName().toString(), Files.readAllBytes(archive));
        SevenZipLayout layout = SevenZipReader.read(blob, 1_000_000, 1L << 32, TimeCheck.NONE);
        long total = 0;
        StringBuilder coders = new StringBuilder();
        for (SevenZipLayout.Folder f : layout.folders()) {
            total += f.unpackSize();
            for (SevenZipLayout.Coder c : f.coders()) {
                if (coders.indexOf(c.describe()) < 0) {
                    coders.append(coders.isEmpty() ? "" : ", ").append(c.describe());
                }
            }
        }
        log.printf("%s: %,d folders, %,d unpacked bytes, coders %s%n", archive, layout.folders().size(), total, coders);
        for (int i = 0; i < warmups; i++) {
            decodeAll(blob, layout);
        }
        double[] secs = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            long n = decodeAll(blob, layout);
            secs[i] = (System.nanoTime() - t0) / 1e9;
            if (n != total) {
                throw new IOException("decoded " + n + " bytes, the archive says " + total);
            }
        }
        Arrays.sort(secs);
        double median = secs[runs / 2];
        double peerMedian = Double.NaN;
        if (!peer.isEmpty()) {
            double[] p = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                Process proc = new ProcessBuilder(peer).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                int rc = proc.waitFor();
                p[i] = (System.nanoTime() - t0) / 1e9;
                if (rc != 0) {
                    throw new IOException("peer command " + peer + " exited with " + rc);
                }
            }
            Arrays.sort(p);
            peerMedian = p[runs / 2];
        }
        return new Figures(coders.toString(), total, median, total / median / 1e6, peerMedian,
                total / peerMedian / 1e6);
    }

    private static long decodeAll(Blob blob, SevenZipLayout layout) throws IOException {
        long n = 0;
        for (SevenZipLayout.Folder f : layout.folders()) {
            try (InputStream in = SevenZipCoders.open(blob, f, 1L << 32)) {
                for (int k; (k = in.read(SINK)) > 0; ) {
                    n += k;
                }
            }
        }
        return n;
    }
}
