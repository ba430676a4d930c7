package org.mlgate.train.dpsgd;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.mlgate.core.UsageException;
import org.mlgate.train.optim.OptimizerConfig;
import org.mlgate.train.privacy.AccountantKind;

/**
 * Everything a training run is asked to do, validated once in {@link Builder#build()} (and in the record's
 * constructor, so no invalid config exists). What depends on the data — the default batch size, δ, the number of
 * steps and σ — is resolved by {@link DpSgdPlan#of}.
 *
 * <p>Defaults (chosen so {@code dp(ε)} alone trains well on small tabular data): 30 epochs; expected batch
 * {@value #DEFAULT_MAX_BATCH} or a tenth of the units if fewer; Adam at learning rate 0.05 (chosen on breast cancer: logistic regression needs large weights on [0, 1]-scaled features, and an MLP still trains well); clip norm 1.0; under DP
 * δ = min(1e-5, n^-1.1) for n privacy units, the RDP accountant and row-level privacy.
 *
 * @param epochs            passes over the data: the run takes ⌈epochs · n / expected batch⌉ steps
 * @param expectedBatchSize expected units per step (the Poisson sampling rate is this / n); empty = default
 * @param clipNorm          the L2 bound C on each unit's gradient (used only under DP)
 * @param privacy           {@link Privacy.None} or {@link Privacy.Dp}
 */
public record TrainingConfig(int epochs, OptionalInt expectedBatchSize, OptimizerConfig optimizer, double clipNorm,
                             Privacy privacy) {
    public static final int DEFAULT_EPOCHS = 30;
    public static final int DEFAULT_MAX_BATCH = 256;
    public static final double DEFAULT_CLIP_NORM = 1.0;
    public static final int MAX_EPOCHS = 100_000;

    /** Whether and how the run is private. */
    public sealed interface Privacy permits Privacy.None, Privacy.Dp {
        /** Non-private training (shuffled minibatches, no clipping, no noise). */
        record None() implements Privacy { }

        /**
         * DP-SGD to at most {@code targetEpsilon} at {@code delta} (empty: min(1e-5, n^-1.1)) as measured by
         * {@code accountant}, protecting each {@code unit}.
         */
        record Dp(double targetEpsilon, OptionalDouble delta, AccountantKind accountant, PrivacyUnit unit)
                implements Privacy {
            public Dp {
                if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon)) {
                    throw new UsageException("target epsilon must be a positive finite number, got " + targetEpsilon);
                }
                Objects.requireNonNull(delta, "delta");
                if (delta.isPresent() && !(delta.getAsDouble() > 0 && delta.getAsDouble() < 1)) {
                    throw new UsageException("delta must be in (0, 1), got " + delta.getAsDouble());
                }
                Objects.requireNonNull(accountant, "accountant");
                Objects.requireNonNull(unit, "privacy unit");
            }
        }
    }

    public TrainingConfig {
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new UsageException("epochs must be 1.." + MAX_EPOCHS + ", got " + epochs);
        }
        Objects.requireNonNull(expectedBatchSize, "expectedBatchSize");
        if (expectedBatchSize.isPresent() && expectedBatchSize.getAsInt() < 1) {
            throw new UsageException("batch size must be positive, got " + expectedBatchSize.getAsInt());
        }
        Objects.requireNonNull(optimizer, "optimizer");
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new UsageException("clip norm must be a positive finite number, got " + clipNorm);
        }
        Objects.requireNonNull(privacy, "privacy");
    }

    public boolean isPrivate() {
        return privacy instanceof Privacy.Dp;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects settings; {@link #build()} applies the defaults and validates everything at once. */
    public static final class Builder {
        private int epochs = DEFAULT_EPOCHS;
        private OptionalInt batch = OptionalInt.empty();
        private OptimizerConfig optimizer;
        private double learningRate = Double.NaN;
        private double clipNorm = DEFAULT_CLIP_NORM;
        private boolean dp;
        private double targetEpsilon = Double.NaN;
        private OptionalDouble delta = OptionalDouble.empty();
        private AccountantKind accountant = AccountantKind.RDP;
        private PrivacyUnit unit = PrivacyUnit.ROW;

        private Builder() {
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder expectedBatchSize(int batch) {
            this.batch = OptionalInt.of(batch);
            return this;
        }

        /** The optimiser (default Adam, learning rate 0.05). */
        public Builder optimizer(OptimizerConfig optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** The learning rate of the default optimiser (Adam); not combinable with {@link #optimizer}. */
        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        public Builder clipNorm(double c) {
            this.clipNorm = c;
            return this;
        }

        /** Trains with DP-SGD to at most this ε. */
        public Builder dp(double targetEpsilon) {
            this.dp = true;
            this.targetEpsilon = targetEpsilon;
            return this;
        }

        public Builder delta(double delta) {
            this.delta = OptionalDouble.of(delta);
            return this;
        }

        public Builder accountant(AccountantKind kind) {
            this.accountant = kind;
            return this;
        }

        public Builder privacyUnit(PrivacyUnit unit) {
            this.unit = unit;
            return this;
        }

        public TrainingConfig build() {
            if (optimizer != null && !Double.isNaN(learningRate)) {
                throw new UsageException("give either an optimizer config or a learning rate, not both");
            }
            OptimizerConfig opt = optimizer != null ? optimizer : OptimizerConfig.AdamConfig.withLearningRate(
                    Double.isNaN(learningRate) ? OptimizerConfig.AdamConfig.DEFAULT_LEARNING_RATE : learningRate);
            if (!dp && (delta.isPresent() || unit != PrivacyUnit.ROW || accountant != AccountantKind.RDP)) {
                throw new UsageException("delta, accountant and privacy unit apply only to DP training (set dp(epsilon))");
            }
            Privacy p = dp ? new Privacy.Dp(targetEpsilon, delta, accountant, unit) : new Privacy.None();
            return new TrainingConfig(epochs, batch, opt, clipNorm, p);
        }
    }
}
