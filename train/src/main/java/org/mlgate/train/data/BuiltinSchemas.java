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
    /** Name on the command line ({@code mlgate data schema NAME}) → the resource beside {@link SchemaFiles}. */
    private static final java.util.SequencedMap<String, String> RESOURCES = new java.util.LinkedHashMap<>();

    static {
        RESOURCES.put("breast-cancer", "breast-cancer-schema.json");
        RESOURCES.put("credit-g", "credit-g-schema.json");
        RESOURCES.put("fraud", FraudGenerator.SCHEMA_RESOURCE);
    }

    private BuiltinSchemas() {
    }

    /** The names of the shipped schemas, in a fixed order. */
    public static java.util.List<String> names() {
        return java.util.List.copyOf(RESOURCES.keySet());
    }

    /**
     * The shipped schema file {@code name}, byte for byte (it is checked to parse, so what is printed is what
     * {@code train --schema} accepts); an unknown name is a usage error listing the known ones.
     */
    public static byte[] json(String name) {
        String resource = RESOURCES.get(name.toLowerCase(java.util.Locale.ROOT));
        if (resource == null) {
            throw new org.mlgate.core.UsageException("no shipped schema '" + name + "'; known: "
                    + String.join(", ", RESOURCES.keySet()));
        }
        try (java.io.InputStream in = SchemaFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no built-in schema " + resource);
            }
            byte[] bytes = in.readAllBytes();
            SchemaFiles.parse(bytes, resource);
            return bytes;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read built-in schema " + resource, e);
        }
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
