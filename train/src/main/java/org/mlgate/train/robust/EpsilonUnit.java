package org.mlgate.train.robust;

import java.util.Locale;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import org.mlgate.core.UsageException;
import org.mlgate.train.model.TrainingData;

/**
 * What an attack's ε is measured in, per encoded column (the {@link TabularConstraints#scale()} it sets):
 * <ul>
 *   <li>{@link #STANDARDISED} ({@code std}): ε × the column's standard deviation on the rows given — comparable
 *       across features, but a statistic of those rows (not covered by a DP guarantee);</li>
 *   <li>{@link #RANGE} ({@code range}): ε in encoded units, i.e. a share of the schema's declared [min, max]
 *       (of ln(1 + v) on a log scale) — public under a declared schema, hence the unit under DP.</li>
 * </ul>
 */
public enum EpsilonUnit {
    @JsonProperty("std") STANDARDISED("std"),
    @JsonProperty("range") RANGE("range");

    /** Floor of a column's standard deviation, so a constant column is fixed rather than an invalid scale. */
    static final double MIN_STD = 1e-6;

    private final String label;

    EpsilonUnit(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** One line for the card and humans: what ε × scale means, the deviations taken on {@code rows}. */
    public String describe(String rows) {
        return this == STANDARDISED ? "epsilon x each column's standard deviation on " + rows + ", in encoded units"
                : "epsilon x each column's declared [min, max] range (encoded units; log scale: of ln(1 + v))";
    }

    /** {@code std} or {@code range}; {@code option} names the flag in the error. */
    public static EpsilonUnit parse(String s, String option) {
        for (EpsilonUnit u : values()) {
            if (s != null && u.label.equals(s.strip().toLowerCase(Locale.ROOT))) {
                return u;
            }
        }
        throw new UsageException(option + " must be std or range, got '" + s + "'");
    }

    /** The per-column ε multipliers for {@code data}'s encoded columns. */
    public double[] scale(TrainingData data) {
        int f = data.features();
        double[] out = new double[f];
        if (this == RANGE) {
            Arrays.fill(out, 1.0);
            return out;
        }
        double[] mean = new double[f];
        float[] x = data.x();
        for (int r = 0; r < data.rows(); r++) {
            for (int j = 0; j < f; j++) {
                mean[j] += x[r * f + j];
            }
        }
        for (int j = 0; j < f; j++) {
            mean[j] /= data.rows();
        }
        for (int r = 0; r < data.rows(); r++) { // two passes: no cancellation for near-constant columns
            for (int j = 0; j < f; j++) {
                double d = x[r * f + j] - mean[j];
                out[j] += d * d;
            }
        }
        for (int j = 0; j < f; j++) {
            out[j] = Math.max(MIN_STD, Math.sqrt(out[j] / data.rows()));
        }
        return out;
    }
}
