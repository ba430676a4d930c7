package org.mlgate.attack.extraction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One extraction's outcome, as {@code --format json} prints it. {@code fidelity} is label agreement with the target
 * on the evaluation points (uniform in the public ranges, so equal to {@code fidelity_uniform}); null when no model
 * could be built (stopped too early). {@code baseline_fidelity} is what always answering the target's most frequent
 * label on those points would score (a fidelity is only as good as its margin over it). {@code curve} is fidelity after each batch of attack queries.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"attack", "method", "target", "model_sha256", "policy", "observed_output", "queries",
    "eval_queries", "budget", "stopped", "stop_reason", "fidelity", "fidelity_uniform", "baseline_fidelity", "eval_points", "curve",
    "seed", "saved_model"})
public record ExtractionResult(@JsonProperty("attack") String attack, @JsonProperty("method") String method,
                               @JsonProperty("target") String target,
                               @JsonProperty("model_sha256") String modelSha256,
                               @JsonProperty("policy") String policy,
                               @JsonProperty("observed_output") String observedOutput,
                               @JsonProperty("queries") long queries,
                               @JsonProperty("eval_queries") long evalQueries,
                               @JsonProperty("budget") long budget,
                               @JsonProperty("stopped") boolean stopped,
                               @JsonProperty("stop_reason") String stopReason,
                               @JsonProperty("fidelity") Double fidelity,
                               @JsonProperty("fidelity_uniform") Double fidelityUniform,
                               @JsonProperty("baseline_fidelity") Double baselineFidelity,
                               @JsonProperty("eval_points") long evalPoints,
                               @JsonProperty("curve") List<CurvePoint> curve,
                               @JsonProperty("seed") long seed,
                               @JsonProperty("saved_model") String savedModel) {
    public ExtractionResult {
        curve = List.copyOf(curve);
    }

    /** Fidelity reached after {@code queries} attack queries. */
    public record CurvePoint(@JsonProperty("queries") long queries, @JsonProperty("fidelity") double fidelity) { }

    ExtractionResult withSavedModel(String dir) {
        return new ExtractionResult(attack, method, target, modelSha256, policy, observedOutput, queries, evalQueries,
                budget, stopped, stopReason, fidelity, fidelityUniform, baselineFidelity, evalPoints, curve, seed, dir);
    }
}
