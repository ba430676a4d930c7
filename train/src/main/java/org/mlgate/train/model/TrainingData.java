package org.mlgate.train.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.mlgate.core.UsageException;

/**
 * Examples in memory: {@code x} row-major ({@code rows × features}, finite), labels {@code y} in
 * {@code [0, classes)}, and optionally {@code units}, the privacy unit (e.g. user) of each row for user-level DP
 * ({@code null}: every row is its own unit). Validated once, here. Arrays are not copied: do not change them
 * while training.
 */
public record TrainingData(float[] x, int rows, int features, int[] y, int classes, int[] units) {
    public TrainingData {
        if (x == null || y == null) {
            throw new UsageException("training data needs features and labels");
        }
        if (rows < 1 || features < 1) {
            throw new UsageException("training data needs at least one row and one feature, got " + rows + " × "
                    + features);
        }
        if ((long) rows * features != x.length) {
            throw new UsageException("features hold " + x.length + " values, expected " + rows + " × " + features);
        }
        if (y.length != rows) {
            throw new UsageException(y.length + " labels for " + rows + " rows");
        }
        if (classes < 2) {
            throw new UsageException("need at least 2 classes, got " + classes);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new UsageException("feature value at row " + i / features + ", column " + i % features
                        + " is not finite");
            }
        }
        for (int r = 0; r < rows; r++) {
            if (y[r] < 0 || y[r] >= classes) {
                throw new UsageException("label " + y[r] + " at row " + r + " is outside [0, " + classes + ")");
            }
        }
        if (units != null && units.length != rows) {
            throw new UsageException(units.length + " privacy-unit ids for " + rows + " rows");
        }
    }

    /** Rows only, each its own privacy unit. */
    public static TrainingData of(float[] x, int rows, int features, int[] y, int classes) {
        return new TrainingData(x, rows, features, y, classes, null);
    }

    /** The same rows with privacy units given by {@code units} (any int ids). */
    public TrainingData withUnits(int[] units) {
        return new TrainingData(x, rows, features, y, classes, units);
    }

    /**
     * The rows grouped by privacy unit: unit u owns rows {@code rows[start[u] .. start[u+1])}, units numbered in
     * order of first appearance. Without {@code units}, row r is unit r.
     */
    public record Units(int count, int[] start, int[] rows) { }

    public Units groupUnits() {
        if (units == null) {
            int[] start = new int[rows + 1];
            int[] order = new int[rows];
            for (int r = 0; r < rows; r++) {
                start[r + 1] = r + 1;
                order[r] = r;
            }
            return new Units(rows, start, order);
        }
        Map<Integer, Integer> index = new HashMap<>();
        int[] unitOf = new int[rows];
        for (int r = 0; r < rows; r++) {
            unitOf[r] = index.computeIfAbsent(units[r], k -> index.size());
        }
        int n = index.size();
        int[] start = new int[n + 1];
        for (int r = 0; r < rows; r++) {
            start[unitOf[r] + 1]++;
        }
        for (int u = 0; u < n; u++) {
            start[u + 1] += start[u];
        }
        int[] fill = Arrays.copyOf(start, n);
        int[] order = new int[rows];
        for (int r = 0; r < rows; r++) {
            order[fill[unitOf[r]]++] = r;
        }
        return new Units(n, start, order);
    }

    /** A subset of rows (in the order given), keeping units. */
    public TrainingData select(int[] which) {
        float[] sx = new float[which.length * features];
        int[] sy = new int[which.length];
        int[] su = units == null ? null : new int[which.length];
        for (int i = 0; i < which.length; i++) {
            System.arraycopy(x, which[i] * features, sx, i * features, features);
            sy[i] = y[which[i]];
            if (su != null) {
                su[i] = units[which[i]];
            }
        }
        return new TrainingData(sx, which.length, features, sy, classes, su);
    }
}
