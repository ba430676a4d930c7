package org.mlgate.scan.bench;

import java.io.PrintStream;
import java.util.Arrays;
import org.mlgate.scan.pickle.PickleOpcodes;

/**
 * In-process VM throughput: scans a synthetic pickle repeatedly on one thread after warm-up and prints
 * opcodes per second (median and best of the measured runs). A benchmark, never a test.
 */
public final class ScanBench {
    /** Figures of one run. */
    public record Figures(long opcodes, long bytes, double medianOpsPerSec, double bestOpsPerSec,
                          double medianMbPerSec) { }

    private ScanBench() {
    }

    public static Figures run(int records, int warmups, int runs, PrintStream log) {
        byte[] pickle = SyntheticPickle.records(records);
        long ops = PickleOpcodes.count(pickle);
        if (ops <= 0) {
            throw new IllegalStateException("benchmark pickle did not parse");
        }
        log.printf("pickle: %,d bytes, %,d opcodes%n", pickle.length, ops);
        for (int i = 0; i < warmups; i++) {
            PickleOpcodes.count(pickle);
        }
        double[] secs = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            PickleOpcodes.count(pickle);
            secs[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(secs);
        double median = secs[runs / 2];
        return new Figures(ops, pickle.length, ops / median, ops / secs[0], pickle.length / median / 1e6);
    }
}
