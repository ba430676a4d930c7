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
 * of the training thread's CPU time (the latter is less disturbed by other processes on a shared machine). In the
 * same run a PyTorch peer ({@link #pytorch}) trains DP-SGD on the same rows, MLP and plan. Figures only, never
 * pass/fail.
 */
public final class TrainBench {
    /** Medians and bests over the measured runs, in examples per second. */
    public record Figures(int rows, int epochs, int batch, int parameters, double nonPrivateMedian,
                          double nonPrivateBest, double dpMedian, double dpBest, double nonPrivateCpuMedian,
                          double dpCpuMedian, double noiseMultiplier, long dpSteps, String randomness, Peer peer) { }

    /**
     * The PyTorch peer's DP-SGD on the same data, MLP and plan (examples/s, median and best of its measured runs), or
     * why it did not run ({@code available} false).
     */
    public record Peer(boolean available, String status, double dpMedian, double dpBest, double dpCpuMedian) {
        static Peer unavailable(String why) {
            return new Peer(false, why, Double.NaN, Double.NaN, Double.NaN);
        }
    }

    /** The interpreter the peer runs with (Debian's python3-torch installs torch for it). */
    public static final java.nio.file.Path PYTHON = java.nio.file.Path.of("/usr/bin/python3");
    static final String PEER_SCRIPT = "/org/mlgate/train/bench/dpsgd_peer.py";
    private static final long PEER_TIMEOUT_SECONDS = 900;

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

    public static Figures run(int rows, int epochs, int warmups, int runs, boolean withPeer, PrintStream progress) {
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
        Peer peer = withPeer ? pytorch(data, 64, last.plan(), warmups, runs, progress)
                : Peer.unavailable("not run (--no-peer)");
        return new Figures(rows, epochs, batch, Mlp.create(30, List.of(64), 2).parameterCount(),
                Samples.median(npRates), Samples.max(npRates), Samples.median(dpRates), Samples.max(dpRates),
                Samples.median(npCpu), Samples.median(dpCpu), last.plan().noiseMultiplier(), last.steps(),
                last.randomness(), peer);
    }

    /**
     * Runs the shipped PyTorch script ({@value #PEER_SCRIPT}) with {@link #PYTHON} on the same rows (written to a
     * private temporary folder as little-endian float32/int32) and the same plan (q, σ, C, steps), one thread, Adam
     * at the same learning rate; its examples/s are measured inside the script around the training loop only, as
     * mlgate's are around {@code train}. Never throws for a missing or failing peer: the figure is then unavailable.
     */
    static Peer pytorch(TrainingData data, int hidden, org.mlgate.train.dpsgd.DpSgdPlan plan, int warmups, int runs,
                        PrintStream progress) {
        if (!java.nio.file.Files.isExecutable(PYTHON)) {
            return Peer.unavailable("peer unavailable: " + PYTHON + " not found");
        }
        java.nio.file.Path dir = null;
        try {
            dir = java.nio.file.Files.createTempDirectory("mlgate-bench-peer");
            java.nio.file.Path script = dir.resolve("dpsgd_peer.py");
            try (var in = TrainBench.class.getResourceAsStream(PEER_SCRIPT)) {
                java.nio.file.Files.copy(java.util.Objects.requireNonNull(in, PEER_SCRIPT), script);
            }
            java.nio.ByteBuffer xb = java.nio.ByteBuffer.allocate(data.x().length * 4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            xb.asFloatBuffer().put(data.x());
            java.nio.file.Files.write(dir.resolve("data.x"), xb.array());
            java.nio.ByteBuffer yb = java.nio.ByteBuffer.allocate(data.y().length * 4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            yb.asIntBuffer().put(data.y());
            java.nio.file.Files.write(dir.resolve("data.y"), yb.array());
            List<String> cmd = List.of(PYTHON.toString(), script.toString(), dir.resolve("data").toString(),
                    Integer.toString(data.rows()), Integer.toString(data.features()), Integer.toString(hidden),
                    Integer.toString(data.classes()), Double.toString(plan.samplingRate()),
                    Double.toString(plan.noiseMultiplier()), Double.toString(plan.clipNorm()),
                    Long.toString(plan.steps()),
                    Double.toString(org.mlgate.train.optim.OptimizerConfig.AdamConfig.DEFAULT_LEARNING_RATE),
                    Integer.toString(warmups), Integer.toString(runs));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
            pb.environment().put("OMP_NUM_THREADS", "1");
            pb.environment().put("MKL_NUM_THREADS", "1");
            pb.redirectError(dir.resolve("stderr").toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            List<Double> rates = new java.util.ArrayList<>();
            List<Double> cpuRates = new java.util.ArrayList<>();
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            String version = "?";
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null && line.length() < 10_000) {
                    var node = mapper.readTree(line);
                    double rate = node.path("rows").asDouble() / node.path("seconds").asDouble();
                    version = node.path("torch").asText("?");
                    boolean warm = node.path("warmup").asBoolean();
                    progress.printf("PyTorch %s %s run %d: DP-SGD %,.0f examples/s%n", version,
                            warm ? "warm-up" : "measured", node.path("run").asInt(), rate);
                    if (!warm) {
                        rates.add(rate);
                        cpuRates.add(node.path("rows").asDouble() / node.path("cpu_seconds").asDouble());
                    }
                }
            }
            if (!p.waitFor(PEER_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Peer.unavailable("peer unavailable: timed out after " + PEER_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0 || rates.isEmpty()) {
                List<String> err = java.nio.file.Files.readAllLines(dir.resolve("stderr"));
                return Peer.unavailable("peer unavailable: " + PYTHON + " exited " + p.exitValue()
                        + (err.isEmpty() ? "" : " (" + err.get(err.size() - 1) + ")"));
            }
            double[] r = rates.stream().mapToDouble(Double::doubleValue).toArray();
            return new Peer(true, "PyTorch " + version + ", hand-vectorised DP-SGD, one thread", Samples.median(r),
                    Samples.max(r), Samples.median(cpuRates.stream().mapToDouble(Double::doubleValue).toArray()));
        } catch (java.io.IOException e) {
            return Peer.unavailable("peer unavailable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Peer.unavailable("peer unavailable: interrupted");
        } finally {
            removeOrSay(dir, progress);
        }
    }

    /** A temporary folder left behind does not change the figures; the progress stream says so. */
    private static void removeOrSay(java.nio.file.Path dir, PrintStream progress) {
        try {
            org.mlgate.core.FileTrees.delete(dir);
        } catch (java.io.IOException e) {
            progress.printf("note: the PyTorch peer's temporary folder %s could not be removed: %s%n", dir,
                    org.mlgate.core.IoErrors.reason(e));
        }
    }
}
