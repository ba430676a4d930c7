package org.mlgate.train.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import org.mlgate.core.UsageException;

/**
 * Everything {@code mlgate train} was asked to do, as the parent hands it to the sandboxed worker (a JSON file in
 * the output folder). Paths are absolute. Validated once here; the training parameters are validated again by
 * {@code TrainingConfig.build()}.
 */
public record TrainJob(@JsonProperty("data") String data, @JsonProperty("format") String format,
                       @JsonProperty("schema") String schema, @JsonProperty("label") String label,
                       @JsonProperty("privacy_unit") String privacyUnit, @JsonProperty("model") String model,
                       @JsonProperty("hidden") List<Integer> hidden, @JsonProperty("dp") boolean dp,
                       @JsonProperty("target_epsilon") Double targetEpsilon, @JsonProperty("delta") Double delta,
                       @JsonProperty("accountant") String accountant, @JsonProperty("clip") Double clip,
                       @JsonProperty("epochs") Integer epochs, @JsonProperty("batch_size") Integer batchSize,
                       @JsonProperty("lr") Double lr, @JsonProperty("optimizer") String optimizer,
                       @JsonProperty("trace") boolean trace,
                       @JsonProperty("out") String out, @JsonProperty("sandbox") String sandbox) {
    public TrainJob {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(out, "out");
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        if (!"lr".equals(model) && !"mlp".equals(model)) {
            throw new UsageException("--model must be lr or mlp, got '" + model + "'");
        }
        if ("lr".equals(model) && !hidden.isEmpty()) {
            throw new UsageException("--hidden is for --model mlp");
        }
        if ("mlp".equals(model) && (hidden.size() > 3)) {
            throw new UsageException("an MLP has 1 to 3 hidden layers, got " + hidden.size());
        }
        if (dp && targetEpsilon == null) {
            throw new UsageException("--dp needs --target-epsilon E");
        }
        if (!dp && (targetEpsilon != null || delta != null)) {
            throw new UsageException("--target-epsilon and --delta need --dp");
        }
        if (optimizer != null && !optimizer.equals("adam") && !optimizer.equals("sgd")) {
            throw new UsageException("--optimizer must be adam or sgd, got '" + optimizer + "'");
        }
        if (accountant != null && !accountant.equals("rdp") && !accountant.equals("pld")) {
            throw new UsageException("--accountant must be rdp or pld, got '" + accountant + "'");
        }
    }

    /** The hidden layers of an MLP: as given, else one layer of 64. */
    public List<Integer> hiddenLayers() {
        return "mlp".equals(model) && hidden.isEmpty() ? List.of(64) : hidden;
    }
}
