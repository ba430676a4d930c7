package org.mlgate.attack.inversion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.mlgate.attack.AttackResult;
import org.mlgate.attack.AttackRun;

/**
 * One attribute-inference run, as {@code --format json} prints it (the shared {@link AttackRun} fields at the top
 * level). {@code advantage} is what the target's answers add over the prior alone: for a categorical feature the
 * accuracy minus the prior-only accuracy; for a numeric one the fraction of the prior-only error removed
 * ({@code 1 - reconstruction_error / baseline_error}). Errors of numeric features are mean absolute errors in the
 * model's encoded [0, 1] units (so log-scale features are judged as the model sees them) and, in {@code _raw}, in the
 * feature's own units; for a categorical feature the error is the share recovered wrongly. {@code advantage_ci} is a
 * 95 % paired bootstrap interval over the records. Null metrics: no record was fully answered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"run", "hidden", "hidden_type", "prior", "records", "queries_per_record", "advantage",
    "advantage_ci", "accuracy", "baseline_accuracy", "reconstruction_error", "baseline_error",
    "reconstruction_error_raw", "baseline_error_raw"})
public record InversionResult(@JsonUnwrapped AttackRun run,
                              @JsonProperty("hidden") String hidden,
                              @JsonProperty("hidden_type") String hiddenType,
                              @JsonProperty("prior") String prior,
                              @JsonProperty("records") int records,
                              @JsonProperty("queries_per_record") int queriesPerRecord,
                              @JsonProperty("advantage") Double advantage,
                              @JsonProperty("advantage_ci") List<Double> advantageCi,
                              @JsonProperty("accuracy") Double accuracy,
                              @JsonProperty("baseline_accuracy") Double baselineAccuracy,
                              @JsonProperty("reconstruction_error") Double reconstructionError,
                              @JsonProperty("baseline_error") Double baselineError,
                              @JsonProperty("reconstruction_error_raw") Double reconstructionErrorRaw,
                              @JsonProperty("baseline_error_raw") Double baselineErrorRaw) implements AttackResult { }
