package org.mlgate.attack.extraction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlgate.attack.oracle.InputSpace;
import org.mlgate.train.data.Feature;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Model;

/**
 * The identifiable parameters of a linear model over the encoded inputs. One-hot groups sum to one, so their slots
 * are collinear with the intercept: only the intercept, one weight per numeric input and one per non-first slot of
 * each categorical feature can be learned from answers ({@link #columns} of them, at most width + 1). A model with
 * the first slot's weight at zero and its value folded into the intercept gives the same score on every row.
 */
final class LinearDesign {
    private final InputSpace space;
    /** Encoded position of each design column after the intercept. */
    private final int[] position;

    LinearDesign(InputSpace space) {
        this.space = space;
        List<Integer> pos = new ArrayList<>();
        int at = 0;
        for (Feature f : space.features()) {
            switch (f) {
                case Feature.Numeric n -> pos.add(at);
                case Feature.Categorical c -> {
                    for (int k = 1; k < c.width(); k++) {
                        pos.add(at + k);
                    }
                }
            }
            at += f.width();
        }
        position = pos.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Intercept plus identifiable weights. */
    int columns() {
        return position.length + 1;
    }

    /** The design row of an encoded input: {@code [1, x at each identifiable position]}. */
    double[] row(double[] encoded) {
        double[] z = new double[columns()];
        z[0] = 1;
        for (int j = 0; j < position.length; j++) {
            z[j + 1] = encoded[position[j]];
        }
        return z;
    }

    /**
     * The {@link #columns} rows that identify every parameter: a base row (numbers at the middle of their encoded
     * range, first categories), then one row per design column moving only that input (numbers to 3/4 of the range,
     * a category switched on), so the system is triangular and well conditioned.
     */
    List<Map<String, Object>> identifyingRows() {
        Map<String, Object> base = new LinkedHashMap<>();
        for (Feature f : space.features()) {
            switch (f) {
                case Feature.Numeric n -> base.put(n.name(), InputSpace.decode(n, 0.5));
                case Feature.Categorical c -> base.put(c.name(), c.categories().getFirst());
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(base);
        for (Feature f : space.features()) {
            switch (f) {
                case Feature.Numeric n -> {
                    Map<String, Object> r = new LinkedHashMap<>(base);
                    r.put(n.name(), InputSpace.decode(n, 0.75));
                    rows.add(r);
                }
                case Feature.Categorical c -> {
                    for (int k = 1; k < c.width(); k++) {
                        Map<String, Object> r = new LinkedHashMap<>(base);
                        r.put(c.name(), k < c.categories().size() ? c.categories().get(k) : InputSpace.otherValue(c));
                        rows.add(r);
                    }
                }
            }
        }
        return rows;
    }

    /**
     * A logistic regression with these coefficients: {@code beta[c-1]} are the design coefficients of
     * log(p_c / p_0) for each class c ≥ 1 (for two classes, the logit of the second class).
     */
    Model model(double[][] beta) {
        int d = space.width();
        int k = space.classes().size();
        LogisticRegression m = LogisticRegression.create(d, k);
        float[] p = m.parameters();
        if (k == 2) {
            fill(p, 0, d, beta[0]);
        } else {
            // softmax: class 0 keeps zero weights and bias; the rest are relative to it
            for (int c = 1; c < k; c++) {
                fill(p, c * d, k * d + c, beta[c - 1]);
            }
        }
        m.parametersChanged();
        return m;
    }

    private void fill(float[] p, int weightsAt, int biasAt, double[] b) {
        p[biasAt] = (float) b[0];
        for (int j = 0; j < position.length; j++) {
            p[weightsAt + position[j]] = (float) b[j + 1];
        }
    }
}
