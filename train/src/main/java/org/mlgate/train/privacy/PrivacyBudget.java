package org.mlgate.train.privacy;

import java.util.Objects;
import org.mlgate.core.UsageException;

/**
 * A privacy budget: at most {@code targetEpsilon} at {@code delta}, as measured by {@code accountant}. It hands
 * out a {@link BudgetSpender} per training run, which refuses the step that would exceed it.
 */
public record PrivacyBudget(double targetEpsilon, double delta, AccountantKind accountant) {
    public PrivacyBudget {
        Objects.requireNonNull(accountant, "accountant");
        if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon)) {
            throw new UsageException("target epsilon must be a positive finite number, got " + targetEpsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new UsageException("delta must be in (0, 1), got " + delta);
        }
    }

    /** A spender for a run at sampling rate q with noise multiplier σ, using the default accountant config. */
    public BudgetSpender spender(double samplingRate, double noiseMultiplier) {
        return new BudgetSpender(this, Accountant.of(accountant), samplingRate, noiseMultiplier);
    }
}
