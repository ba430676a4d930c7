package org.mlgate.train.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.SplittableRandom;
import org.mlgate.core.Samples;
import org.mlgate.train.dpsgd.DpSgdTrainer;
import org.mlgate.train.dpsgd.NonPrivateTrainer;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.dpsgd.TrainingRandomness;
import org.mlgate.train.dpsgd.TrainingResult;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;

/**
 * Training throughput on one thread: an MLP 30→64→2 on synthetic data (standard-normal features, labels from a
 * fixed random linear rule), expected batch 256, non-private (shuffled minibatches) and DP-SGD with secure noise
 * and SecureRandom Poisson sampling. Each run is a whole {@code train} call (DP: σ calibration and budget search
 * included, a few ms); examples/s counts the rows actually processed, per second of wall-clock time and per second
 * of the training thread's CPU time (the latter is less disturbed by other processes on a shared machine). Figures
 * only, never pass/fail.
 */
public final class TrainBench {
    /** Medians and bests over the measured runs, in examples per second. */
    public record Figures(int rows, int epochs, int batch, int parameters, double nonPrivateMedian,
                          double nonPrivateBest, double dpMedian, double dpBest, double nonPrivateCpuMedian,
                          double dpCpuMedian, double noiseMultiplier, long dpSteps, String randomness) { }

    private TrainBench() {
    }

    public static TrainingData syntheticData(int rows, int features, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[features];
        for (int i = 0; i < features; i++) {
            w[i] = (float) (r.nextDouble() * 2 - 1);
        }
        float[] x = new float[rows * features];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < features; j++) {
                float v = (float) nextGaussian(r);
                x[i * features + j] = v;
                s += v * w[j];
            }
            y[i] = s + 0.5 * nextGaussian(r) > 0 ? 1 : 0;
        }
        return TrainingData.of(x, rows, features, y, 2);
    }

    private static double nextGaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    public static Figures run(int rows, int epochs, int warmups, int runs, PrintStream progress) {
        TrainingData data = syntheticData(rows, 30, 42);
        int batch = 256;
        TrainingConfig np = TrainingConfig.builder().epochs(epochs).expectedBatchSize(batch).build();
        TrainingConfig dp = TrainingConfig.builder().epochs(epochs).expectedBatchSize(batch).dp(8.0).build();
        double[] npRates = new double[runs];
        double[] dpRates = new double[runs];
        double[] npCpu = new double[runs];
        double[] dpCpu = new double[runs];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        TrainingResult last = null;
        long dpRows = 0;
        for (int i = 0; i < warmups + runs; i++) {
            Model m = Mlp.create(30, List.of(64), 2);
            long c0 = threads.getCurrentThreadCpuTime();
            TrainingResult r = new NonPrivateTrainer(np, TrainingRandomness.secure()).train(m, data);
            long c1 = threads.getCurrentThreadCpuTime();
            double npRate = (double) rows * epochs / r.seconds();
            Model m2 = Mlp.create(30, List.of(64), 2);
            long c2 = threads.getCurrentThreadCpuTime();
            last = new DpSgdTrainer(dp, TrainingRandomness.secure()).train(m2, data);
            long c3 = threads.getCurrentThreadCpuTime();
            double dpRate = last.rowsProcessed() / last.seconds();
            dpRows = last.rowsProcessed();
            if (i >= warmups) {
                npRates[i - warmups] = npRate;
                dpRates[i - warmups] = dpRate;
                npCpu[i - warmups] = rows * (double) epochs / ((c1 - c0) / 1e9);
                dpCpu[i - warmups] = last.rowsProcessed() / ((c3 - c2) / 1e9);
            }
            progress.printf("%s run %d: non-private %,.0f examples/s, DP-SGD %,.0f examples/s (%,d rows in %d steps)%n",
                    i < warmups ? "warm-up" : "measured", i + 1, npRate, dpRate, dpRows, last.steps());
        }
        return new Figures(rows, epochs, batch, Mlp.create(30, List.of(64), 2).parameterCount(),
                Samples.median(npRates), Samples.max(npRates), Samples.median(dpRates), Samples.max(dpRates),
                Samples.median(npCpu), Samples.median(dpCpu), last.plan().noiseMultiplier(), last.steps(),
                last.randomness());
    }


}
