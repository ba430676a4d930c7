package org.mlgate.train.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The public part of a {@link Schema}, as a model card (and, later, a prediction server) publishes it: features
 * with their type, declared bounds, scale and categories, the label and its classes. Bounds computed from the data
 * (origin {@code data}) are private: {@code min} and {@code max} are absent and {@code bounds} says why. Built only
 * by {@link #of}; read back strictly as part of the card.
 */
@JsonPropertyOrder({"schema", "features", "label", "drop", "privacyUnit"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublishedSchema(@JsonProperty("schema") String schema,
                              @JsonProperty("features") List<PublishedFeature> features,
                              @JsonProperty("label") Label label, @JsonProperty("drop") List<String> drop,
                              @JsonProperty("privacyUnit") String privacyUnit) {
    static final String WITHHELD = "inferred from the training data; withheld from the model card";

    public PublishedSchema {
        if (!Schema.VERSION.equals(schema)) {
            throw new IllegalArgumentException("field 'schema' must be \"" + Schema.VERSION + "\"");
        }
        if (features == null || features.isEmpty() || label == null) {
            throw new IllegalArgumentException("features and label are required");
        }
        features = List.copyOf(features);
        drop = drop == null ? List.of() : List.copyOf(drop);
    }

    /** One feature: numeric ({@code min}, {@code max}, {@code scale}) or categorical ({@code categories}, {@code unseen}). */
    @JsonPropertyOrder({"type", "name", "min", "max", "scale", "categories", "unseen", "origin", "bounds"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublishedFeature(@JsonProperty("type") String type, @JsonProperty("name") String name,
                                   @JsonProperty("min") Double min, @JsonProperty("max") Double max,
                                   @JsonProperty("scale") Scale scale,
                                   @JsonProperty("categories") List<String> categories,
                                   @JsonProperty("unseen") Unseen unseen, @JsonProperty("origin") Origin origin,
                                   @JsonProperty("bounds") String bounds) {
        public PublishedFeature {
            Schema.checkName(name, "feature");
            if (origin == null) {
                throw new IllegalArgumentException("feature '" + name + "': origin is missing");
            }
            switch (type == null ? "" : type) {
                case "numeric" -> {
                    boolean withheld = min == null && max == null && bounds != null && origin == Origin.DATA;
                    if (!withheld && (min == null || max == null || !(min < max) || bounds != null)) {
                        throw new IllegalArgumentException("feature '" + name + "': a numeric feature has min < max, "
                                + "or (origin data) neither and a 'bounds' note");
                    }
                    if (scale == null || categories != null || unseen != null) {
                        throw new IllegalArgumentException("feature '" + name + "': a numeric feature has a scale "
                                + "and no categories");
                    }
                }
                case "categorical" -> {
                    if (categories == null || categories.isEmpty() || unseen == null || min != null || max != null
                            || scale != null || bounds != null) {
                        throw new IllegalArgumentException("feature '" + name + "': a categorical feature has "
                                + "categories and unseen, and no bounds");
                    }
                    categories = List.copyOf(categories);
                }
                default -> throw new IllegalArgumentException("feature '" + name + "': type must be numeric or "
                        + "categorical, got '" + type + "'");
            }
        }

        /** Whether this describes {@code f} as {@link #of} would. */
        boolean describes(Feature f) {
            return equals(of(f));
        }

        static PublishedFeature of(Feature f) {
            return switch (f) {
                case Feature.Numeric n -> n.origin() == Origin.DATA
                        ? new PublishedFeature("numeric", n.name(), null, null, n.scale(), null, null, n.origin(),
                                WITHHELD)
                        : new PublishedFeature("numeric", n.name(), n.min(), n.max(), n.scale(), null, null,
                                n.origin(), null);
                case Feature.Categorical c -> new PublishedFeature("categorical", c.name(), null, null, null,
                        c.categories(), c.unseen(), c.origin(), null);
            };
        }
    }

    public static PublishedSchema of(Schema s) {
        return new PublishedSchema(s.schema(), s.features().stream().map(PublishedFeature::of).toList(), s.label(),
                s.drop(), s.privacyUnit());
    }

    /** Whether this is the published form of {@code s} (what a model package checks between card and schema). */
    public boolean describes(Schema s) {
        return equals(of(s));
    }
}
