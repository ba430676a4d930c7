package org.mlgate.train.privacy;

import org.mlgate.core.MlgateException;
import org.mlgate.core.FailureKind;

/** Thrown instead of taking a training step whose cumulative ε would exceed the budget. */
public final class PrivacyBudgetExceededException extends MlgateException {
    private final long stepsTaken;
    private final long maxSteps;

    PrivacyBudgetExceededException(String message, long stepsTaken, long maxSteps) {
        super(message, null);
        this.stepsTaken = stepsTaken;
        this.maxSteps = maxSteps;
    }

    public long stepsTaken() {
        return stepsTaken;
    }

    public long maxSteps() {
        return maxSteps;
    }

    @Override
    public FailureKind kind() {
        return FailureKind.POLICY;
    }
}
