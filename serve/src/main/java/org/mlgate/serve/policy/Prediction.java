package org.mlgate.serve.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * One prediction as a client sees it; which fields are present is the output policy's choice. {@code label} (the
 * class name) is always there; {@code probability} is P(second class) of a binary model; {@code probabilities} maps
 * class names to probabilities; {@code bin} and {@code score} come from the bins policy.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"label", "probability", "probabilities", "bin", "score"})
public record Prediction(@JsonProperty("label") String label, @JsonProperty("probability") Double probability,
                         @JsonProperty("probabilities") Map<String, Double> probabilities,
                         @JsonProperty("bin") String bin, @JsonProperty("score") Double score) {
    public Prediction {
        if (label == null) {
            throw new IllegalArgumentException("a prediction always has a label");
        }
        probabilities = probabilities == null ? null : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(probabilities));
    }

    public static Prediction labelOnly(String label) {
        return new Prediction(label, null, null, null, null);
    }
}
