package org.mlgate.train.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.mlgate.train.data.PublishedSchema;
import org.mlgate.train.robust.EpsilonUnit;
import org.mlgate.train.robust.PgdSweep;

/**
 * {@code model-card.json}: what the model is, what it was trained on (by digest), how well it does on the held-out
 * split, what privacy it has (null without DP), how the training step was isolated, how robust the model is to PGD
 * (always measured; how it was trained against attacks) and what sanitising removed (null without
 * {@code --sanitize}). Never holds private minima
 * or maxima: the schema's bounds are declared (or, for an inferred schema, marked {@code "origin": "data"}, which
 * DP training refuses).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelCard(@JsonProperty("format") String format, @JsonProperty("run_id") String runId,
                        @JsonProperty("model") ModelInfo model, @JsonProperty("data") DataInfo data,
                        @JsonProperty("schema") PublishedSchema schema, @JsonProperty("metrics") Metrics metrics,
                        @JsonProperty("privacy") Privacy privacy, @JsonProperty("sandbox") String sandbox,
                        @JsonProperty("training") TrainingInfo training,
                        @JsonProperty("robustness") Robustness robustness,
                        @JsonProperty("sanitization") Sanitization sanitization,
                        @JsonProperty("extraction") @JsonInclude(JsonInclude.Include.NON_NULL) Extraction extraction) {
    public static final String FORMAT = "mlgate-model-card/v1";

    /** A trained model's card (no {@code extraction} section). */
    public ModelCard(String format, String runId, ModelInfo model, DataInfo data, PublishedSchema schema,
                     Metrics metrics, Privacy privacy, String sandbox, TrainingInfo training, Robustness robustness,
                     Sanitization sanitization) {
        this(format, runId, model, data, schema, metrics, privacy, sandbox, training, robustness, sanitization, null);
    }

    /**
     * Present only on a model copied from another by {@code mlgate attack extraction --save-model}: the model was
     * not trained on labelled data but on a target's answers. {@code data} then describes the attacker's query rows
     * ({@code attacker_pool}: {@code uniform} in the public ranges, or a file by SHA-256) and {@code metrics} measure
     * agreement with the target's answers on the fidelity rows ({@code metrics_against}: {@code target_answers}),
     * never accuracy on ground truth. {@code target_model_sha256} is the target's weights digest when it published
     * one (null otherwise).
     */
    public record Extraction(@JsonProperty("target") String target,
                             @JsonProperty("target_model_sha256") String targetModelSha256,
                             @JsonProperty("target_policy") String targetPolicy,
                             @JsonProperty("observed_output") String observedOutput,
                             @JsonProperty("method") String method, @JsonProperty("queries") long queries,
                             @JsonProperty("eval_queries") long evalQueries,
                             @JsonProperty("attacker_pool") String attackerPool,
                             @JsonProperty("attacker_pool_sha256") String attackerPoolSha256,
                             @JsonProperty("fidelity") Double fidelity,
                             @JsonProperty("fidelity_uniform") Double fidelityUniform,
                             @JsonProperty("eval_data") String evalData,
                             @JsonProperty("eval_data_sha256") String evalDataSha256,
                             @JsonProperty("metrics_against") String metricsAgainst,
                             @JsonProperty("seed") long seed) { }

    public record ModelInfo(@JsonProperty("kind") String kind, @JsonProperty("features") int features,
                            @JsonProperty("hidden") List<Integer> hidden, @JsonProperty("classes") List<String> classes,
                            @JsonProperty("file") String file, @JsonProperty("sha256") String sha256) { }

    /** {@code clipped_cells}: numeric cells clipped into their declared bounds when encoding (null in older cards). */
    public record DataInfo(@JsonProperty("file") String file, @JsonProperty("sha256") String sha256,
                           @JsonProperty("train_rows") int trainRows, @JsonProperty("validation_rows") int validationRows,
                           @JsonProperty("schema_inferred") boolean schemaInferred,
                           @JsonProperty("clipped_cells") Long clippedCells) { }

    /** Metrics on the validation split. */
    public record Metrics(@JsonProperty("accuracy") double accuracy, @JsonProperty("roc_auc") double rocAuc,
                          @JsonProperty("pr_auc") double prAuc, @JsonProperty("brier") double brier,
                          @JsonProperty("rows") int rows) { }

    public record Privacy(@JsonProperty("epsilon") double epsilon, @JsonProperty("delta") double delta,
                          @JsonProperty("accountant") String accountant,
                          @JsonProperty("sampling_rate") double samplingRate,
                          @JsonProperty("noise_multiplier") double noiseMultiplier, @JsonProperty("steps") long steps,
                          @JsonProperty("clip_norm") double clipNorm, @JsonProperty("privacy_unit") String privacyUnit,
                          @JsonProperty("units") int units) { }

    public record TrainingInfo(@JsonProperty("epochs") int epochs, @JsonProperty("steps") long steps,
                               @JsonProperty("expected_batch_size") Integer expectedBatchSize,
                               @JsonProperty("randomness") String randomness, @JsonProperty("seconds") double seconds) { }

    /**
     * How the model was trained against evasion ({@code training}: standard, fgsm or pgd; the other training fields
     * null when standard) and its accuracy on the validation split under PGD, with ε in {@code epsilon_units}
     * ({@code epsilon_scale} says what that means) and the immutable and integer features held to the data's
     * constraints in both.
     */
    public record Robustness(@JsonProperty("training") String training, @JsonProperty("epsilon") Double epsilon,
                             @JsonProperty("steps") Integer steps, @JsonProperty("step_size") Double stepSize,
                             @JsonProperty("ratio") Double ratio, @JsonProperty("random_start") Boolean randomStart,
                             @JsonProperty("epsilon_units") EpsilonUnit epsilonUnits,
                             @JsonProperty("epsilon_scale") String epsilonScale,
                             @JsonProperty("immutable") List<String> immutable,
                             @JsonProperty("integer") List<String> integer,
                             @JsonProperty("evaluation") RobustAccuracy evaluation) { }

    /** PGD accuracy on the validation split: {@code steps} steps, clean start plus {@code restarts} random ones. */
    public record RobustAccuracy(@JsonProperty("split") String split, @JsonProperty("rows") int rows,
                                 @JsonProperty("attack") String attack, @JsonProperty("steps") int steps,
                                 @JsonProperty("restarts") int restarts,
                                 @JsonProperty("clean_accuracy") double cleanAccuracy,
                                 @JsonProperty("clean_class_accuracy") List<Double> cleanClassAccuracy,
                                 @JsonProperty("pgd") List<PgdSweep.Point> pgd) { }

    /** What {@code --sanitize} removed before the split; every removed row is in {@code report}. */
    public record Sanitization(@JsonProperty("rows") int rows, @JsonProperty("removed_total") int removedTotal,
                               @JsonProperty("budget") int budget,
                               @JsonProperty("by_detector") Map<String, Integer> byDetector,
                               @JsonProperty("flagged_by_detector") Map<String, Integer> flaggedByDetector,
                               @JsonProperty("representation") String representation,
                               @JsonProperty("notes") List<String> notes,
                               @JsonProperty("expected_poison_rate") double expectedPoisonRate,
                               @JsonProperty("report") String report,
                               @JsonProperty("report_sha256") String reportSha256) { }
}
