package org.mlgate.attack.oracle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Label;
import org.mlgate.train.data.Schema;

/**
 * What the attacker knows of the target's inputs: every feature with its public range or categories, and the
 * classes. Encoding follows the target's public schema ({@link Feature.Numeric#encode}, one-hot), so attacks work in
 * the same encoded space as the model; a range from {@code --features} is used as a linear-scale declared bound.
 */
public record InputSpace(List<Feature> features, String labelName, List<String> classes, List<String> drop,
                         String privacyUnit) {
    /** Without columns to ignore (a {@code --features} file names none). */
    public InputSpace(List<Feature> features, String labelName, List<String> classes) {
        this(features, labelName, classes, List.of(), null);
    }

    public InputSpace {
        features = List.copyOf(features);
        classes = List.copyOf(classes);
        drop = drop == null ? List.of() : List.copyOf(drop);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("no features");
        }
    }

    /** Model inputs after encoding. */
    public int width() {
        return features.stream().mapToInt(Feature::width).sum();
    }

    /** The value that selects a categorical feature's {@code <other>} slot (any name not among its categories). */
    public static String otherValue(Feature.Categorical c) {
        String v = Feature.Categorical.OTHER_SLOT;
        while (c.categories().contains(v)) {
            v = v + "_";
        }
        return v;
    }

    /** A row drawn uniformly: numbers uniform in the encoded [0, 1] (so log-scale features cover their range evenly as the model sees it), categories uniform over the reachable slots. */
    public Map<String, Object> uniform(RandomGenerator random) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Feature f : features) {
            switch (f) {
                case Feature.Numeric n -> row.put(n.name(), decode(n, random.nextDouble()));
                case Feature.Categorical c -> {
                    int k = random.nextInt(c.width());
                    row.put(c.name(), k < c.categories().size() ? c.categories().get(k) : otherValue(c));
                }
            }
        }
        return row;
    }

    public List<Map<String, Object>> uniform(RandomGenerator random, int n) {
        List<Map<String, Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(uniform(random));
        }
        return rows;
    }

    /** The raw value whose encoding is {@code e} ∈ [0, 1] (the inverse of {@link Feature.Numeric#encode}). */
    public static double decode(Feature.Numeric n, double e) {
        double v = switch (n.scale()) {
            case LINEAR -> n.min() + e * (n.max() - n.min());
            case LOG -> Math.expm1(Math.log1p(n.min()) + e * (Math.log1p(n.max()) - Math.log1p(n.min())));
        };
        return Math.min(n.max(), Math.max(n.min(), v));
    }

    /** The encoded row, as the model sees it. */
    public double[] encode(Map<String, Object> row) {
        double[] x = new double[width()];
        int at = 0;
        for (Feature f : features) {
            Object v = row.get(f.name());
            switch (f) {
                case Feature.Numeric n -> x[at] = n.encode(((Number) v).doubleValue());
                case Feature.Categorical c -> {
                    int k = c.categories().indexOf(String.valueOf(v));
                    x[at + (k >= 0 ? k : c.categories().size())] = 1;
                }
            }
            at += f.width();
        }
        return x;
    }

    public float[] encodeAll(List<Map<String, Object>> rows) {
        int w = width();
        float[] x = new float[rows.size() * w];
        for (int r = 0; r < rows.size(); r++) {
            double[] e = encode(rows.get(r));
            for (int j = 0; j < w; j++) {
                x[r * w + j] = (float) e[j];
            }
        }
        return x;
    }

    /**
     * A schema with these features and classes, and the target's published columns to ignore and privacy unit (for a
     * surrogate's predictor and saved package, so it reads the same files as the target).
     */
    public Schema schema() {
        return new Schema(features, new Label(labelName, classes), drop, privacyUnit);
    }

    /** The class index of {@code label}, or -1. */
    public int classIndex(String label) {
        return classes.indexOf(label);
    }
}
