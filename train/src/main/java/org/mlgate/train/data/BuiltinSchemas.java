package org.mlgate.train.data;

/**
 * Declared schemas shipped for the utility datasets, so they can be trained on under DP (where an inferred
 * schema is refused). Every bound is a round figure chosen outside the data, not computed by mlgate:
 * <ul>
 *   <li>{@link #breastCancer()}: columns {@code f0..f29} and {@code target} as {@link SklearnCsv} names them;
 *       bounds rounded outward from the per-feature ranges scikit-learn publishes in the dataset's
 *       documentation (area columns on a log scale). Published ranges of the same data are public but not
 *       independent of it: for real deployments, bounds come from domain knowledge.</li>
 *   <li>{@link #creditG()}: categories exactly as the ARFF header (and the UCI documentation) lists them, in
 *       order (including {@code 'female single'}, absent from the rows); numeric bounds from the documented coding
 *       (installment rate and residence 1–4) or generous round figures (duration 0–80 months, amount 0–20,000 DM
 *       on a log scale, age 18–100, credits 0–6, dependents 0–4).</li>
 *   <li>{@link #fraud()}: the {@link FraudGenerator}'s.</li>
 * </ul>
 */
public final class BuiltinSchemas {
    private BuiltinSchemas() {
    }

    public static Schema breastCancer() {
        return SchemaFiles.resource("breast-cancer-schema.json");
    }

    public static Schema creditG() {
        return SchemaFiles.resource("credit-g-schema.json");
    }

    public static Schema fraud() {
        return FraudGenerator.schema();
    }
}
