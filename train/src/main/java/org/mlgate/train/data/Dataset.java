package org.mlgate.train.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Encoded rows, ready for a model: {@code x[i]} has {@code featureNames.size()} inputs, each in [0, 1]
 * (numeric features scaled by their declared bounds, one-hot slots 0 or 1); {@code y[i]} is an index into
 * {@code classes}; {@code units[i]} is row {@code i}'s privacy unit (e.g. its customer id), or {@code units}
 * is null when the privacy unit is the row. Arrays are shared, not copied.
 */
public record Dataset(double[][] x, int[] y, String[] units, List<String> featureNames, List<String> classes) {
    public Dataset {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        featureNames = List.copyOf(featureNames);
        classes = List.copyOf(classes);
        if (x.length != y.length || (units != null && units.length != y.length)) {
            throw new IllegalArgumentException("x, y and units must have one entry per row");
        }
        for (double[] row : x) {
            if (row.length != featureNames.size()) {
                throw new IllegalArgumentException("row width " + row.length + " != " + featureNames.size());
            }
        }
        for (int label : y) {
            if (label < 0 || label >= classes.size()) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (classes.size() - 1));
            }
        }
    }

    public int rows() {
        return y.length;
    }

    public int features() {
        return featureNames.size();
    }

    public boolean hasUnits() {
        return units != null;
    }

    /** Rows per class, indexed like {@link #classes}. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int label : y) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * The privacy units as row-index groups, in order of first appearance: what DP-SGD samples and clips for
     * user-level DP (one gradient contribution per unit). Without units every row is its own group.
     */
    public int[][] unitGroups() {
        if (units == null) {
            int[][] single = new int[y.length][];
            for (int i = 0; i < y.length; i++) {
                single[i] = new int[] {i};
            }
            return single;
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < units.length; i++) {
            groups.computeIfAbsent(units[i], u -> new ArrayList<>()).add(i);
        }
        return groups.values().stream().map(g -> g.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    /**
     * The rows as the trainer's flat float matrix, with privacy units as integer ids (in order of first
     * appearance): the one conversion from the encoder's rows to what models read.
     */
    public org.mlgate.train.model.TrainingData matrix() {
        int rows = rows();
        int features = features();
        float[] flat = new float[rows * features];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                flat[i * features + j] = (float) x[i][j];
            }
        }
        var t = org.mlgate.train.model.TrainingData.of(flat, rows, features, y, classes.size());
        if (units == null) {
            return t;
        }
        Map<String, Integer> ids = new java.util.HashMap<>();
        int[] u = new int[rows];
        for (int i = 0; i < rows; i++) {
            u[i] = ids.computeIfAbsent(units[i], k -> ids.size());
        }
        return t.withUnits(u);
    }

    /** The rows at {@code index}, in that order. */
    public Dataset subset(int[] index) {
        double[][] sx = new double[index.length][];
        int[] sy = new int[index.length];
        String[] su = units == null ? null : new String[index.length];
        for (int i = 0; i < index.length; i++) {
            sx[i] = x[index[i]];
            sy[i] = y[index[i]];
            if (su != null) {
                su[i] = units[index[i]];
            }
        }
        return new Dataset(sx, sy, su, featureNames, classes);
    }
}
