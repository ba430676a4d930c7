package org.mlgate.train.dpsgd;

import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;
import org.mlgate.train.robust.AdversarialTraining;

/** The entry point for a CLI: trains with DP-SGD or without, as the config says, from secure randomness. */
public final class Training {
    private Training() {
    }

    /**
     * Trains {@code model} in place: {@link DpSgdTrainer} for a {@link TrainingConfig.Privacy.Dp} config,
     * {@link NonPrivateTrainer} otherwise, both with {@link TrainingRandomness#secure()}.
     */
    public static TrainingResult run(TrainingConfig config, Model model, TrainingData data, TraceSink trace,
                                     TrainingListener listener) {
        return run(config, null, model, data, trace, listener);
    }

    /**
     * As {@link #run(TrainingConfig, AdversarialTraining, Model, TrainingData, TraceSink, TrainingListener)}, with
     * the DP-SGD plan drawn by the caller (null exactly when the config is not private).
     */
    public static TrainingResult run(TrainingConfig config, DpSgdPlan plan, AdversarialTraining adversarial,
                                     Model model, TrainingData data, TraceSink trace, TrainingListener listener) {
        return switch (config.privacy()) {
            case TrainingConfig.Privacy.Dp dp -> new DpSgdTrainer(config, TrainingRandomness.secure())
                    .adversarial(adversarial).train(model, data, java.util.Objects.requireNonNull(plan, "plan"), trace,
                            listener);
            case TrainingConfig.Privacy.None none -> {
                if (plan != null) {
                    throw new IllegalArgumentException("a DP-SGD plan for a non-private config");
                }
                yield new NonPrivateTrainer(config, TrainingRandomness.secure()).adversarial(adversarial)
                        .train(model, data, trace, listener);
            }
        };
    }

    /** As {@link #run(TrainingConfig, Model, TrainingData, TraceSink, TrainingListener)}, adversarially unless null. */
    public static TrainingResult run(TrainingConfig config, AdversarialTraining adversarial, Model model,
                                     TrainingData data, TraceSink trace, TrainingListener listener) {
        return switch (config.privacy()) {
            case TrainingConfig.Privacy.Dp dp -> new DpSgdTrainer(config, TrainingRandomness.secure())
                    .adversarial(adversarial).train(model, data, trace, listener);
            case TrainingConfig.Privacy.None none -> new NonPrivateTrainer(config, TrainingRandomness.secure())
                    .adversarial(adversarial).train(model, data, trace, listener);
        };
    }
}
