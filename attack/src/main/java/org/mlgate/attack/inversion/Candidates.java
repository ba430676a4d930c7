package org.mlgate.attack.inversion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlgate.attack.oracle.AttackerData;
import org.mlgate.attack.oracle.InputSpace;
import org.mlgate.train.data.Feature;

/**
 * The values tried for the hidden feature and their prior: each category, or for a number the midpoints of
 * {@code grid} equal bins of its encoded range (so a log-scale feature is searched as the model sees it). Errors are
 * judged in encoded units (numbers) or right / wrong (categories).
 */
record Candidates(Feature feature, List<Object> values, double[] encoded, double[] prior) {

    static Candidates of(Feature f, int grid, AttackerData priorRows) {
        List<Object> values = new ArrayList<>();
        double[] enc;
        switch (f) {
            case Feature.Categorical c -> {
                values.addAll(c.categories());
                enc = new double[values.size()];
            }
            case Feature.Numeric n -> {
                enc = new double[grid];
                for (int i = 0; i < grid; i++) {
                    enc[i] = (i + 0.5) / grid;
                    values.add(InputSpace.decode(n, enc[i]));
                }
            }
        }
        double[] prior = new double[values.size()];
        java.util.Arrays.fill(prior, priorRows == null ? 1 : 0.5);
        if (priorRows != null) {
            for (Map<String, Object> r : priorRows.rows()) {
                int j = bin(f, values, grid, r.get(f.name()));
                if (j >= 0) {
                    prior[j]++;
                }
            }
        }
        double s = java.util.Arrays.stream(prior).sum();
        for (int j = 0; j < prior.length; j++) {
            prior[j] /= s;
        }
        return new Candidates(f, List.copyOf(values), enc, prior);
    }

    /** The candidate a value falls on (its category, or its encoded bin), or -1 for an unlisted category. */
    private static int bin(Feature f, List<Object> values, int grid, Object v) {
        return switch (f) {
            case Feature.Categorical c -> c.categories().indexOf(String.valueOf(v));
            case Feature.Numeric n -> Math.min(grid - 1, (int) (n.encode(((Number) v).doubleValue()) * grid));
        };
    }

    /** The posterior's mode (categories; the first on ties) or weighted median (numbers). */
    int estimate(double[] weights) {
        if (feature instanceof Feature.Categorical) {
            int best = 0;
            for (int j = 1; j < weights.length; j++) {
                if (weights[j] > weights[best]) {
                    best = j;
                }
            }
            return best;
        }
        double total = java.util.Arrays.stream(weights).sum();
        double acc = 0;
        for (int j = 0; j < weights.length; j++) {
            acc += weights[j];
            if (acc >= total / 2) {
                return j;
            }
        }
        return weights.length - 1;
    }

    /** 0/1 for a category; the absolute difference in encoded units for a number. */
    double error(int estimate, Object truth) {
        return switch (feature) {
            case Feature.Categorical c -> values.get(estimate).equals(String.valueOf(truth)) ? 0 : 1;
            case Feature.Numeric n -> Math.abs(encoded[estimate] - n.encode(((Number) truth).doubleValue()));
        };
    }

    /** The absolute difference in the feature's own units (0/1 for a category). */
    double rawError(int estimate, Object truth) {
        return switch (feature) {
            case Feature.Categorical c -> error(estimate, truth);
            case Feature.Numeric n -> Math.abs(((Number) values.get(estimate)).doubleValue()
                    - Math.min(n.max(), Math.max(n.min(), ((Number) truth).doubleValue())));
        };
    }
}
