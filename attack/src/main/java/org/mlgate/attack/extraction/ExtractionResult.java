package org.mlgate.attack.extraction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.mlgate.attack.AttackResult;
import org.mlgate.attack.AttackRun;

/**
 * One extraction's outcome, as {@code --format json} prints it (the shared {@link AttackRun} fields at the top
 * level). {@code fidelity} is label agreement with the target on the {@code --eval-data} rows when given, else on
 * {@code eval_points} uniform points in the public ranges; {@code fidelity_uniform} is always the latter. Both null
 * when no model could be built (stopped too early). {@code baseline_fidelity} is what always answering the target's
 * most frequent label on the fidelity rows would score (a fidelity is only as good as its margin over it).
 * {@code curve} is fidelity after each batch of attack queries. {@code attacker_pool} is {@code uniform} or the
 * {@code --attacker-data} file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"run", "fidelity", "fidelity_uniform", "baseline_fidelity", "eval_points", "eval_data",
    "eval_rows", "attacker_pool", "attacker_pool_rows", "curve", "saved_model"})
public record ExtractionResult(@JsonUnwrapped AttackRun run,
                               @JsonProperty("fidelity") Double fidelity,
                               @JsonProperty("fidelity_uniform") Double fidelityUniform,
                               @JsonProperty("baseline_fidelity") Double baselineFidelity,
                               @JsonProperty("eval_points") long evalPoints,
                               @JsonProperty("eval_data") String evalData,
                               @JsonProperty("eval_rows") Long evalRows,
                               @JsonProperty("attacker_pool") String attackerPool,
                               @JsonProperty("attacker_pool_rows") Long attackerPoolRows,
                               @JsonProperty("curve") List<CurvePoint> curve,
                               @JsonProperty("saved_model") String savedModel) implements AttackResult {
    public ExtractionResult {
        curve = List.copyOf(curve);
    }

    /** Fidelity (on the rows {@code fidelity} is measured on) reached after {@code queries} attack queries. */
    public record CurvePoint(@JsonProperty("queries") long queries, @JsonProperty("fidelity") double fidelity) { }

    public ExtractionResult withSavedModel(String dir) {
        return new ExtractionResult(run, fidelity, fidelityUniform, baselineFidelity, evalPoints, evalData, evalRows,
                attackerPool, attackerPoolRows, curve, dir);
    }
}
