package org.mlgate.train.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlgate.core.Samples;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.data.Encoder;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.FraudConfig;
import org.mlgate.train.data.FraudGenerator;
import org.mlgate.train.data.Numbers;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.Table;
import org.mlgate.train.dpsgd.NonPrivateTrainer;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.dpsgd.TrainingRandomness;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.pkg.Predictor;

/**
 * Prediction throughput on one thread, for a logistic regression and an MLP (one hidden layer of 64) trained on
 * synthetic fraud data under the shipped schema. Three paths per model, measured in the same run: single named rows
 * through {@link Predictor#predict(Map)} (what a server does per request: strict validation, encoding, forward
 * pass), batches of {@code batch} named rows through {@link Predictor#predict(List)}, and the bare forward pass on
 * rows already encoded (the ceiling validation is measured against). Rates are rows per second of wall-clock time
 * and per second of the thread's CPU time. Figures only, never pass/fail.
 */
public final class PredictBench {
    /** Rows per second of one path: wall-clock median and best, CPU-time median. */
    public record Rate(String path, double median, double best, double cpuMedian) { }

    /** One model's figures. */
    public record ModelFigures(String model, int inputs, int parameters, List<Rate> rates) { }

    private PredictBench() {
    }

    public static List<ModelFigures> run(int rows, int batch, int warmups, int runs, PrintStream progress) {
        Schema schema = FraudGenerator.schema();
        Table table = FraudGenerator.table(new FraudGenerator(new FraudConfig(rows, 42)).generate());
        Dataset data = Encoder.encode(schema, table);
        List<Map<String, Object>> named = namedRows(schema, table);
        float[] encoded = data.matrix().x();
        List<ModelFigures> out = new ArrayList<>();
        int w = data.features();
        for (Model m : List.of(LogisticRegression.create(w, 2), Mlp.create(w, List.of(64), 2))) {
            progress.printf("training %s %d->%s->2 on %,d rows%n", m.architecture().kind().id(), w,
                    m instanceof Mlp ? "64" : "", rows);
            new NonPrivateTrainer(TrainingConfig.builder().epochs(2).build(), TrainingRandomness.secure())
                    .train(m, data.matrix());
            Predictor p = Predictor.of(m, schema);
            List<Rate> rates = List.of(
                    measure("single row", rows, warmups, runs, progress, () -> single(p, named)),
                    measure("batch of " + batch, rows, warmups, runs, progress, () -> batches(p, named, batch)),
                    measure("forward pass only", rows, warmups, runs, progress, () -> forward(m, encoded, rows)));
            out.add(new ModelFigures(m.architecture().kind().id(), w, m.parameterCount(), rates));
        }
        return out;
    }

    /** Each row as a server receives it: numbers as doubles, categories as strings; label and dropped columns absent. */
    static List<Map<String, Object>> namedRows(Schema schema, Table table) {
        List<Map<String, Object>> named = new ArrayList<>(table.rowCount());
        int[] columns = schema.features().stream().mapToInt(f -> table.indexOf(f.name()).orElseThrow()).toArray();
        for (int r = 0; r < table.rowCount(); r++) {
            Map<String, Object> row = HashMap.newHashMap(columns.length);
            for (int f = 0; f < columns.length; f++) {
                Feature feature = schema.features().get(f);
                String cell = table.cell(r, columns[f]);
                row.put(feature.name(), feature instanceof Feature.Numeric ? Numbers.parse(cell) : cell);
            }
            named.add(row);
        }
        return named;
    }

    private static double single(Predictor p, List<Map<String, Object>> rows) {
        double sink = 0;
        for (Map<String, Object> row : rows) {
            sink += p.predict(row)[1];
        }
        return sink;
    }

    private static double batches(Predictor p, List<Map<String, Object>> rows, int batch) {
        double sink = 0;
        for (int from = 0; from < rows.size(); from += batch) {
            for (double[] probabilities : p.predict(rows.subList(from, Math.min(rows.size(), from + batch)))) {
                sink += probabilities[1];
            }
        }
        return sink;
    }

    private static double forward(Model m, float[] x, int rows) {
        Model.Workspace ws = m.newWorkspace();
        float[] probabilities = new float[m.classes()];
        double sink = 0;
        for (int r = 0; r < rows; r++) {
            m.probabilities(x, r, probabilities, ws);
            sink += probabilities[1];
        }
        return sink;
    }

    private interface Pass {
        double run();
    }

    private static Rate measure(String path, int rows, int warmups, int runs, PrintStream progress, Pass pass) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        double sink = 0;
        for (int i = 0; i < warmups + runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink += pass.run();
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            if (i >= warmups) {
                wall[i - warmups] = rows / ((t1 - t0) / 1e9);
                cpu[i - warmups] = rows / ((c1 - c0) / 1e9);
            }
        }
        // the sum keeps the JIT from discarding the work; printing it costs nothing measurable
        progress.printf("  %-20s done (checksum %.3f)%n", path, sink);
        return new Rate(path, Samples.median(wall), Arrays.stream(wall).max().orElse(Double.NaN), Samples.median(cpu));
    }

}
