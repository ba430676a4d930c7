package org.mlgate.train.privacy;

/** Thrown instead of taking a training step whose cumulative ε would exceed the budget. */
public final class PrivacyBudgetExceededException extends RuntimeException {
    private final long stepsTaken;
    private final long maxSteps;

    PrivacyBudgetExceededException(String message, long stepsTaken, long maxSteps) {
        super(message);
        this.stepsTaken = stepsTaken;
        this.maxSteps = maxSteps;
    }

    public long stepsTaken() {
        return stepsTaken;
    }

    public long maxSteps() {
        return maxSteps;
    }
}
