package org.mlgate.train.sanitize;

import java.util.ArrayList;
import java.util.List;
import org.mlgate.train.data.Dataset;

/**
 * Spectral signatures (Tran, Li and Mądry 2018) done on centred vectors: per class, subtract the class mean from the
 * encoded rows, find the top right singular vector by power iteration on the covariance, and score each row by its
 * squared projection. Poison that shares a trigger moves together along one direction, so its scores stand out.
 * Each class flags at most the expected poison share of its rows, and only rows whose score is far above the
 * class's typical score (25 times the median) — never a fixed half of the class.
 */
final class SpectralSignature {
    static final String NAME = "spectral-signature";
    private static final int ITERATIONS = 50;
    /** Poison sharing a trigger sits far out on the top direction; natural tails rarely pass 25× the median. */
    private static final double MIN_RATIO = 25.0;

    private SpectralSignature() {
    }

    static List<Flag> detect(Dataset d, SanitizeConfig c) {
        List<Flag> flags = new ArrayList<>();
        int width = d.features();
        for (int k = 0; k < d.classes().size(); k++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < d.rows(); i++) {
                if (d.y()[i] == k) {
                    rows.add(i);
                }
            }
            if (rows.size() < 20) {
                continue;
            }
            double[] mean = new double[width];
            for (int i : rows) {
                for (int j = 0; j < width; j++) {
                    mean[j] += d.x()[i][j] / rows.size();
                }
            }
            double[] v = new double[width];
            java.util.Arrays.fill(v, 1.0 / Math.sqrt(width));
            for (int it = 0; it < ITERATIONS; it++) {
                double[] next = new double[width];
                for (int i : rows) {
                    double dot = 0;
                    for (int j = 0; j < width; j++) {
                        dot += (d.x()[i][j] - mean[j]) * v[j];
                    }
                    for (int j = 0; j < width; j++) {
                        next[j] += dot * (d.x()[i][j] - mean[j]);
                    }
                }
                double norm = 0;
                for (double x : next) {
                    norm += x * x;
                }
                norm = Math.sqrt(norm);
                if (norm == 0) {
                    break;
                }
                for (int j = 0; j < width; j++) {
                    v[j] = next[j] / norm;
                }
            }
            double[] score = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                double dot = 0;
                for (int j = 0; j < width; j++) {
                    dot += (d.x()[rows.get(r)][j] - mean[j]) * v[j];
                }
                score[r] = dot * dot;
            }
            double[] sorted = score.clone();
            java.util.Arrays.sort(sorted);
            double median = Math.max(sorted[sorted.length / 2], 1e-12);
            int limit = (int) Math.ceil(c.expectedPoisonRate() * rows.size());
            Integer[] order = new Integer[rows.size()];
            for (int r = 0; r < order.length; r++) {
                order[r] = r;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
            for (int n = 0; n < Math.min(limit, order.length); n++) {
                int r = order[n];
                double ratio = score[r] / median;
                if (ratio < MIN_RATIO) {
                    break;
                }
                flags.add(new Flag(rows.get(r), NAME, ratio, String.format("projection on class '%s''s top singular "
                        + "direction is %.1f× the class median", d.classes().get(k), ratio)));
            }
        }
        return flags;
    }
}
