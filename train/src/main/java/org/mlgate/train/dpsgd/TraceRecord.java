package org.mlgate.train.dpsgd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of the {@code --trace} file, one per step.
 *
 * <p><b>The trace is not covered by the privacy guarantee</b>: {@code batch_size}, {@code batch_rows} and
 * {@code loss} are computed from private data without noise. It is an operator's diagnostic (and the evidence for
 * audits that the mechanism behaved as configured); keep it as private as the training data, never publish it.
 *
 * @param step          1-based step number
 * @param batchSize     the realised batch: units (rows, or users under user-level DP) in this step
 * @param batchRows     rows in this step (equals batchSize for row-level DP)
 * @param noiseStd      empirical standard deviation of the noise vector actually added to the clipped sum, before
 *                      dividing by the expected batch size (0 without DP)
 * @param configuredNoiseStd σ·C, what noiseStd estimates (0 without DP)
 * @param epsilonSpent  ε after this step by the RDP accountant at the run's δ (absent without DP). For a PLD run
 *                      this RDP figure is looser than the PLD ε reported at the end, and may pass the target
 * @param loss          mean cross-entropy over the realised batch before the update (0 for an empty batch)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceRecord(@JsonProperty("step") long step,
                          @JsonProperty("batch_size") int batchSize,
                          @JsonProperty("batch_rows") int batchRows,
                          @JsonProperty("noise_std") double noiseStd,
                          @JsonProperty("configured_noise_std") double configuredNoiseStd,
                          @JsonProperty("epsilon_spent") Double epsilonSpent,
                          @JsonProperty("loss") double loss) {
}
