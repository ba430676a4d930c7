package org.mlgate.train.dpsgd;

/**
 * Progress for a CLI: called after each epoch (for DP-SGD, every round(1/q) steps — the expected steps per pass — and after the last step).
 * {@code meanLoss} is the mean batch loss over the epoch's steps — computed from private data without noise, so
 * like the trace it is a diagnostic outside the guarantee. {@code epsilonSpent} is the RDP ε after the step (NaN
 * without DP); the final ε of the accountant the config names is in {@link TrainingResult#epsilon()}.
 */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = (epoch, epochs, step, steps, meanLoss, epsilonSpent) -> { };

    void epochDone(int epoch, int epochs, long step, long steps, double meanLoss, double epsilonSpent);
}
