package org.mlgate.train.bench;

import java.io.PrintStream;
import org.mlgate.core.Samples;
import org.mlgate.train.privacy.AccountingQuery;
import org.mlgate.train.privacy.PldAccountant;
import org.mlgate.train.privacy.PldConfig;
import org.mlgate.train.privacy.RdpAccountant;
import org.mlgate.train.privacy.RdpConfig;
import org.mlgate.train.privacy.SecureGaussian;
import org.mlgate.train.privacy.NoiseSources;

/**
 * Times the accountants and the secure noise in process: RDP and PLD accounting of one query from scratch
 * (nothing cached between runs), and {@link SecureGaussian} throughput. Figures only, never pass/fail.
 */
public final class DpBench {
    /** Medians and bests in milliseconds; noise in samples per second. */
    public record Figures(AccountingQuery query, int runs, double rdpMedianMillis, double rdpBestMillis,
                          double rdpEpsilon, double pldMedianMillis, double pldBestMillis, double pldEpsilon,
                          long noiseSamples, double noiseSamplesPerSecond, double noiseSamplesPerCpuSecond,
                          String noiseSource) { }

    private DpBench() {
    }

    public static Figures run(AccountingQuery query, int warmups, int runs, int pldRuns, long noiseSamples,
                              PrintStream progress) {
        RdpAccountant rdp = new RdpAccountant(RdpConfig.DP_ACCOUNTING);
        PldAccountant pld = new PldAccountant(PldConfig.DEFAULT);
        double rdpEps = 0;
        for (int i = 0; i < warmups; i++) {
            rdpEps = rdp.epsilon(query).value();
        }
        double[] rdpTimes = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            rdpEps = rdp.epsilon(query).value();
            rdpTimes[i] = (System.nanoTime() - t0) / 1e6;
        }
        progress.printf("rdp: %d runs done%n", runs);
        double pldEps = pld.epsilon(query).value(); // warm-up
        double[] pldTimes = new double[pldRuns];
        for (int i = 0; i < pldRuns; i++) {
            long t0 = System.nanoTime();
            pldEps = pld.epsilon(query).value();
            pldTimes[i] = (System.nanoTime() - t0) / 1e6;
        }
        progress.printf("pld: %d runs done%n", pldRuns);
        SecureGaussian noise = NoiseSources.secure();
        double[] buffer = new double[1 << 16];
        for (int i = 0; i < 20; i++) {
            noise.fill(buffer, 1.0);
        }
        long done = 0;
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        while (done < noiseSamples) {
            noise.fill(buffer, 1.0);
            done += buffer.length;
        }
        double perSecond = done / ((System.nanoTime() - t0) / 1e9);
        double perCpuSecond = done / ((threads.getCurrentThreadCpuTime() - c0) / 1e9);
        return new Figures(query, runs, Samples.median(rdpTimes), Samples.min(rdpTimes), rdpEps,
                Samples.median(pldTimes), Samples.min(pldTimes), pldEps, done, perSecond, perCpuSecond, noise.description());
    }


}
