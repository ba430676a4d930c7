package org.mlgate.train.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One input column of a {@link Schema} and how it becomes model inputs. JSON: {@code {"type": "numeric",
 * "name", "min", "max", "origin"}} or {@code {"type": "categorical", "name", "categories", "unseen",
 * "origin"}}. Each record validates itself on construction (from JSON or code).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Feature.Numeric.class, name = "numeric"),
    @JsonSubTypes.Type(value = Feature.Categorical.class, name = "categorical")})
public sealed interface Feature {
    String name();

    Origin origin();

    /** Model inputs this feature becomes. */
    @JsonIgnore
    int width();

    /** Names of those inputs: the column name, or {@code column=category} per one-hot slot. */
    @JsonIgnore
    List<String> encodedNames();

    /**
     * A number clipped into the declared {@code [min, max]} and scaled to {@code [0, 1]} by those bounds alone:
     * {@code (clip(v) - min) / (max - min)}, or with {@code "scale": "log"} (for amounts, distances, counts;
     * needs {@code min >= 0}) {@code (ln(1 + clip(v)) - ln(1 + min)) / (ln(1 + max) - ln(1 + min))}. Nothing
     * about the data (its minimum, maximum, mean) is ever used.
     */
    @JsonPropertyOrder({"type", "name", "min", "max", "scale", "origin"})
    record Numeric(String name, Double min, Double max, Scale scale, Origin origin) implements Feature {
        public Numeric {
            Schema.checkName(name, "feature");
            if (min == null || max == null || !Double.isFinite(min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("feature '" + name + "': min and max must be finite numbers");
            }
            if (!(min < max)) {
                throw new IllegalArgumentException("feature '" + name + "': min " + min + " must be below max " + max);
            }
            if (!Double.isFinite(max - min)) {
                throw new IllegalArgumentException("feature '" + name + "': the range max - min overflows");
            }
            scale = scale == null ? Scale.LINEAR : scale;
            if (scale == Scale.LOG && min < 0) {
                throw new IllegalArgumentException("feature '" + name + "': log scale needs min >= 0");
            }
            if (scale == Scale.LOG && !(Math.log1p(max) > Math.log1p(min))) {
                throw new IllegalArgumentException("feature '" + name + "': min and max too close for log scale");
            }
            origin = origin == null ? Origin.DECLARED : origin;
        }

        public Numeric(String name, double min, double max) {
            this(name, min, max, Scale.LINEAR, Origin.DECLARED);
        }

        /** The value clipped into the declared bounds and scaled to [0, 1]. */
        public double encode(double v) {
            double c = Math.min(max, Math.max(min, v));
            return switch (scale) {
                case LINEAR -> (c - min) / (max - min);
                case LOG -> (Math.log1p(c) - Math.log1p(min)) / (Math.log1p(max) - Math.log1p(min));
            };
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public List<String> encodedNames() {
            return List.of(name);
        }
    }

    /**
     * One-hot over {@code categories} in their listed order. A value outside the list is refused
     * ({@link Unseen#REFUSE}, the default) or, with {@link Unseen#OTHER}, sets one extra last slot named
     * {@code column=<other>}.
     */
    @JsonPropertyOrder({"type", "name", "categories", "unseen", "origin"})
    record Categorical(String name, List<String> categories, Unseen unseen, Origin origin) implements Feature {
        public static final String OTHER_SLOT = "<other>";
        public static final int MAX_CATEGORIES = 10_000;

        public Categorical {
            Schema.checkName(name, "feature");
            if (categories == null || categories.isEmpty()) {
                throw new IllegalArgumentException("feature '" + name + "': categories must not be empty");
            }
            if (categories.size() > MAX_CATEGORIES) {
                throw new IllegalArgumentException("feature '" + name + "': more than " + MAX_CATEGORIES
                        + " categories");
            }
            Set<String> seen = new HashSet<>();
            for (String c : categories) {
                if (c == null) {
                    throw new IllegalArgumentException("feature '" + name + "': null category");
                }
                if (!seen.add(c)) {
                    throw new IllegalArgumentException("feature '" + name + "': category '" + c + "' repeats");
                }
            }
            categories = List.copyOf(categories);
            unseen = unseen == null ? Unseen.REFUSE : unseen;
            origin = origin == null ? Origin.DECLARED : origin;
        }

        public Categorical(String name, List<String> categories) {
            this(name, categories, Unseen.REFUSE, Origin.DECLARED);
        }

        @Override
        public int width() {
            return categories.size() + (unseen == Unseen.OTHER ? 1 : 0);
        }

        @Override
        public List<String> encodedNames() {
            List<String> names = new ArrayList<>();
            for (String c : categories) {
                names.add(name + "=" + c);
            }
            if (unseen == Unseen.OTHER) {
                names.add(name + "=" + OTHER_SLOT);
            }
            return names;
        }
    }
}
