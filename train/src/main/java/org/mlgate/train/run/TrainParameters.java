package org.mlgate.train.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The provenance's {@code externalParameters} of a training run: what the caller chose (or the defaults that
 * applied), typed once. Null fields are left out (e.g. no {@code target_epsilon} without DP).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainParameters(@JsonProperty("model") String model, @JsonProperty("hidden") List<Integer> hidden,
                              @JsonProperty("epochs") int epochs, @JsonProperty("optimizer") String optimizer,
                              @JsonProperty("learning_rate") double learningRate,
                              @JsonProperty("expected_batch_size") int expectedBatchSize,
                              @JsonProperty("clip_norm") double clipNorm, @JsonProperty("dp") boolean dp,
                              @JsonProperty("target_epsilon") Double targetEpsilon,
                              @JsonProperty("accountant") String accountant,
                              @JsonProperty("privacy_unit") String privacyUnit,
                              @JsonProperty("adversarial") String adversarial,
                              @JsonProperty("adv_epsilon") Double advEpsilon,
                              @JsonProperty("adv_steps") Integer advSteps,
                              @JsonProperty("adv_ratio") Double advRatio,
                              @JsonProperty("adv_random_start") Boolean advRandomStart,
                              @JsonProperty("eps_units") String epsUnits,
                              @JsonProperty("immutable") List<String> immutable,
                              @JsonProperty("integer") List<String> integer,
                              @JsonProperty("sanitize") boolean sanitize,
                              @JsonProperty("expected_poison_rate") Double expectedPoisonRate,
                              @JsonProperty("sanitize_removed") Integer sanitizeRemoved,
                              @JsonProperty("train_fraction") double trainFraction,
                              @JsonProperty("split_sha256") String splitSha256,
                              @JsonProperty("sandbox") String sandbox) {
}
