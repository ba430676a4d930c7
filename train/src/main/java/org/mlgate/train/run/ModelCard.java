package org.mlgate.train.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code model-card.json}: what the model is, what it was trained on (by digest), how well it does on the held-out
 * split, what privacy it has (null without DP) and how the training step was isolated. Never holds private minima
 * or maxima: the schema's bounds are declared (or, for an inferred schema, marked {@code "origin": "data"}, which
 * DP training refuses).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelCard(@JsonProperty("format") String format, @JsonProperty("run_id") String runId,
                        @JsonProperty("model") ModelInfo model, @JsonProperty("data") DataInfo data,
                        @JsonProperty("schema") JsonNode schema, @JsonProperty("metrics") Metrics metrics,
                        @JsonProperty("privacy") Privacy privacy, @JsonProperty("sandbox") String sandbox,
                        @JsonProperty("training") TrainingInfo training) {
    public static final String FORMAT = "mlgate-model-card/v1";

    public record ModelInfo(@JsonProperty("kind") String kind, @JsonProperty("features") int features,
                            @JsonProperty("hidden") List<Integer> hidden, @JsonProperty("classes") List<String> classes,
                            @JsonProperty("file") String file, @JsonProperty("sha256") String sha256) { }

    public record DataInfo(@JsonProperty("file") String file, @JsonProperty("sha256") String sha256,
                           @JsonProperty("train_rows") int trainRows, @JsonProperty("validation_rows") int validationRows,
                           @JsonProperty("schema_inferred") boolean schemaInferred) { }

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
}
