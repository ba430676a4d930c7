package org.mlgate.train.data;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlgate.core.UsageException;

/**
 * What a data file means to a model, validated once on construction: the features in model-input order,
 * the label, the columns to ignore ({@code drop}, e.g. identifiers) and optionally the privacy unit column
 * (e.g. a customer id: every row of one unit is one individual for user-level DP). Every column of a table
 * must be named by exactly one of these (a column the schema does not mention is refused, not silently
 * ignored). Names are unique across features, label, drop and privacy unit; the privacy unit is never a
 * feature. Read and written by {@link SchemaFiles} as {@code {"schema": "mlgate-schema/v1", ...}}; the privacy unit
 * is written {@code privacyUnit} (v1's spelling) and read under that name or as {@code privacy_unit}, the snake_case
 * of mlgate's other JSON.
 */
@JsonPropertyOrder({"schema", "features", "label", "drop", "privacyUnit"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Schema(String schema, List<Feature> features, Label label, List<String> drop,
                     @JsonAlias("privacy_unit") String privacyUnit) {
    public static final String VERSION = "mlgate-schema/v1";
    static final int MAX_NAME = 1024;

    public Schema {
        if (!VERSION.equals(schema)) {
            throw new IllegalArgumentException("field 'schema' must be \"" + VERSION + "\"");
        }
        if (features == null || features.isEmpty()) {
            throw new IllegalArgumentException("at least one feature is needed");
        }
        if (label == null) {
            throw new IllegalArgumentException("field 'label' is missing");
        }
        drop = drop == null ? List.of() : List.copyOf(drop);
        Map<String, String> roles = new HashMap<>();
        for (Feature f : features) {
            if (f == null) {
                throw new IllegalArgumentException("null feature");
            }
            claim(roles, f.name(), "a feature");
        }
        claim(roles, label.name(), "the label");
        for (String d : drop) {
            checkName(d, "drop");
            claim(roles, d, "dropped");
        }
        if (privacyUnit != null) {
            checkName(privacyUnit, "privacyUnit");
            claim(roles, privacyUnit, "the privacy unit");
        }
        features = List.copyOf(features);
    }

    public Schema(List<Feature> features, Label label, List<String> drop, String privacyUnit) {
        this(VERSION, features, label, drop, privacyUnit);
    }

    private static void claim(Map<String, String> roles, String name, String role) {
        String before = roles.putIfAbsent(name, role);
        if (before != null) {
            throw new IllegalArgumentException("column '" + name + "' is " + before + " and " + role);
        }
    }

    static void checkName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " name missing or empty");
        }
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException(what + " name longer than " + MAX_NAME + " characters");
        }
    }

    /** Model inputs after one-hot encoding. */
    @JsonIgnore
    public int width() {
        return features.stream().mapToInt(Feature::width).sum();
    }

    /** Names of the model inputs, in order ({@code amount}, {@code merchant_category=grocery}, ...). */
    @JsonIgnore
    public List<String> encodedNames() {
        List<String> names = new ArrayList<>();
        features.forEach(f -> names.addAll(f.encodedNames()));
        return names;
    }

    /** Features and label whose bounds, categories or classes were computed from the data (not private). */
    @JsonIgnore
    public List<String> dataDerived() {
        List<String> names = new ArrayList<>();
        features.stream().filter(f -> f.origin() == Origin.DATA).forEach(f -> names.add(f.name()));
        if (label.origin() == Origin.DATA) {
            names.add(label.name());
        }
        return names;
    }

    /**
     * Refuses (exit 2) a schema with any data-derived entry: what training under DP calls before touching
     * a row, unless it replaces those entries with DP estimates charged to the budget.
     */
    public void requireDeclared(String why) {
        List<String> derived = dataDerived();
        if (!derived.isEmpty()) {
            throw new UsageException(why + ": the schema's bounds, categories or classes of " + derived
                    + " were computed from the private rows (origin \"data\"), which is not differentially private; "
                    + "declare public values in a schema file (origin \"declared\")");
        }
    }
}
