package org.mlgate.train.dpsgd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.train.model.TrainingData;

/**
 * The Wisconsin diagnostic breast cancer data ({@code shared/datasets/breast_cancer.csv}, scikit-learn's copy:
 * first line {@code 569,30,malignant,benign} is a count line, not a header; 30 features then the target, 0 =
 * malignant, 1 = benign), parsed minimally for tests until the data layer exists.
 *
 * <p>Features are scaled to [0, 1] with <b>fixed public bounds</b> — the per-feature minimum and maximum that the
 * published dataset description lists (scikit-learn's {@code load_breast_cancer} DESCR), rounded outward — and
 * clipped to [0, 1]. Nothing is computed from the data, so the scaling costs no privacy budget.
 */
final class BreastCancer {
    /** {min, max} per feature, in file order (mean, standard error, worst of the ten measurements). */
    static final double[][] BOUNDS = {
        {6.9, 28.2}, {9.7, 39.3}, {43.7, 188.5}, {143, 2501}, {0.052, 0.164}, {0.019, 0.346}, {0, 0.427},
        {0, 0.202}, {0.106, 0.305}, {0.049, 0.098},
        {0.11, 2.88}, {0.36, 4.89}, {0.75, 22}, {6.8, 543}, {0.0016, 0.032}, {0.002, 0.136}, {0, 0.396},
        {0, 0.053}, {0.0078, 0.079}, {0.0008, 0.03},
        {7.9, 36.1}, {12, 49.6}, {50.4, 251.2}, {185, 4254}, {0.071, 0.223}, {0.027, 1.058}, {0, 1.252},
        {0, 0.291}, {0.156, 0.664}, {0.055, 0.208},
    };

    static Path file() {
        for (Path p : List.of(Path.of("../../shared/datasets/breast_cancer.csv"),
                Path.of("../shared/datasets/breast_cancer.csv"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    record Split(TrainingData train, TrainingData test) { }

    static TrainingData load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] head = lines.get(0).split(",");
        int rows = Integer.parseInt(head[0].trim());
        int features = Integer.parseInt(head[1].trim());
        float[] x = new float[rows * features];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            String[] f = lines.get(r + 1).split(",");
            for (int c = 0; c < features; c++) {
                double v = (Double.parseDouble(f[c]) - BOUNDS[c][0]) / (BOUNDS[c][1] - BOUNDS[c][0]);
                x[r * features + c] = (float) Math.min(1, Math.max(0, v));
            }
            y[r] = Integer.parseInt(f[features].trim());
        }
        return TrainingData.of(x, rows, features, y, 2);
    }

    /** A 70/30 split after a seeded shuffle (fixed, so CI is deterministic). */
    static Split split(TrainingData all, long seed) {
        int n = all.rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        RandomGenerator g = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int cut = (int) Math.round(n * 0.7);
        return new Split(all.select(java.util.Arrays.copyOfRange(order, 0, cut)),
                all.select(java.util.Arrays.copyOfRange(order, cut, n)));
    }
}
