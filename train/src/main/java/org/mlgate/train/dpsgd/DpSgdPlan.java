package org.mlgate.train.dpsgd;

import org.mlgate.core.UsageException;
import org.mlgate.train.privacy.Accountant;
import org.mlgate.train.privacy.AccountantKind;
import org.mlgate.train.privacy.CalibrationTarget;
import org.mlgate.train.privacy.NoiseCalibration;

/**
 * A DP-SGD run resolved against the data, fixed before any step (nothing here looks at private values except
 * the number of privacy units n, which DP-SGD treats as public — as Opacus and TF-Privacy do):
 * the expected batch B, the Poisson sampling rate q = B / n, the number of steps ⌈epochs · n / B⌉, δ, and σ
 * calibrated by {@link NoiseCalibration} so that those steps meet the target ε under the named accountant.
 */
public record DpSgdPlan(int units, int expectedBatchSize, double samplingRate, long steps, double noiseMultiplier,
                        double clipNorm, double targetEpsilon, double delta, AccountantKind accountant,
                        PrivacyUnit unit) {
    /** The default expected batch: {@value TrainingConfig#DEFAULT_MAX_BATCH} or a tenth of the units, at least 1. */
    public static int defaultBatch(int units) {
        return (int) Math.max(1, Math.min(TrainingConfig.DEFAULT_MAX_BATCH, Math.round(units / 10.0)));
    }

    /** The default δ: min(1e-5, n^-1.1), below 1/n as a meaningful δ must be. */
    public static double defaultDelta(int units) {
        return Math.min(1e-5, Math.pow(units, -1.1));
    }

    /** Steps for {@code epochs} passes at expected batch {@code batch} over {@code units} units. */
    public static long steps(int epochs, int units, int batch) {
        return Math.max(1, (long) Math.ceil((double) epochs * units / batch));
    }

    public static DpSgdPlan of(TrainingConfig config, int units) {
        if (!(config.privacy() instanceof TrainingConfig.Privacy.Dp dp)) {
            throw new UsageException("a DP-SGD plan needs a DP config");
        }
        if (units < 2) {
            throw new UsageException("DP training needs at least 2 privacy units, got " + units);
        }
        int batch = config.expectedBatchSize().orElse(defaultBatch(units));
        if (batch > units) {
            throw new UsageException("expected batch size " + batch + " exceeds the " + units + " privacy units");
        }
        double delta = dp.delta().orElse(defaultDelta(units));
        if (delta >= 1.0 / units) {
            throw new UsageException("delta " + delta + " is not below 1/n = " + 1.0 / units
                    + ": such a guarantee allows publishing a whole unit's data");
        }
        double q = (double) batch / units;
        long steps = steps(config.epochs(), units, batch);
        double sigma = NoiseCalibration.noiseMultiplier(Accountant.of(dp.accountant()),
                new CalibrationTarget(dp.targetEpsilon(), q, steps, delta)).noiseMultiplier();
        return new DpSgdPlan(units, batch, q, steps, sigma, config.clipNorm(), dp.targetEpsilon(), delta,
                dp.accountant(), dp.unit());
    }

    /** The standard deviation σC of the noise added to the clipped sum. */
    public double noiseStd() {
        return noiseMultiplier * clipNorm;
    }
}
