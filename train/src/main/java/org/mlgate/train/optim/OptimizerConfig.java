package org.mlgate.train.optim;

import org.mlgate.core.UsageException;

/** Which optimiser, with its hyperparameters, validated on construction. */
public sealed interface OptimizerConfig permits OptimizerConfig.SgdConfig, OptimizerConfig.AdamConfig {
    double learningRate();

    /** A fresh optimiser (with zeroed state) for {@code parameters} parameters. */
    Optimizer create(int parameters);

    /** Plain SGD, with heavy-ball momentum when {@code momentum > 0}. */
    record SgdConfig(double learningRate, double momentum) implements OptimizerConfig {
        public SgdConfig {
            positiveFinite("SGD learning rate", learningRate);
            if (!(momentum >= 0 && momentum < 1)) {
                throw new UsageException("SGD momentum must be in [0, 1), got " + momentum);
            }
        }

        @Override
        public Optimizer create(int parameters) {
            return new Sgd(this, parameters);
        }
    }

    /** Adam (Kingma and Ba 2015) with bias correction. */
    record AdamConfig(double learningRate, double beta1, double beta2, double epsilon) implements OptimizerConfig {
        public static final double DEFAULT_LEARNING_RATE = 0.05;

        public AdamConfig {
            positiveFinite("Adam learning rate", learningRate);
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new UsageException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            positiveFinite("Adam epsilon", epsilon);
        }

        /** β₁ 0.9, β₂ 0.999, ε 1e-8 (the paper's defaults). */
        public static AdamConfig withLearningRate(double learningRate) {
            return new AdamConfig(learningRate, 0.9, 0.999, 1e-8);
        }

        @Override
        public Optimizer create(int parameters) {
            return new Adam(this, parameters);
        }
    }

    private static void positiveFinite(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new UsageException(what + " must be a positive finite number, got " + v);
        }
    }
}
