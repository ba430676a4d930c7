package org.mlgate.train.dpsgd;

/**
 * Progress for a CLI: called after each epoch (for DP-SGD, every ⌈1/q⌉ steps, and after the last step).
 * {@code meanLoss} is the mean batch loss over the epoch's steps — computed from private data without noise, so
 * like the trace it is a diagnostic outside the guarantee. {@code epsilonSpent} is NaN without DP.
 */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = (epoch, epochs, step, steps, meanLoss, epsilonSpent) -> { };

    void epochDone(int epoch, int epochs, long step, long steps, double meanLoss, double epsilonSpent);
}
