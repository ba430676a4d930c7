package org.mlgate.attack.membership;

import java.util.List;
import org.mlgate.core.UsageException;

/**
 * How the attacker trains its shadow models (its guess of the target's training: the architecture and schedule
 * the target's card or documentation suggests). {@code hidden} empty: logistic regression.
 */
public record ShadowConfig(int shadows, List<Integer> hidden, int epochs, double learningRate, int batchSize) {
    public ShadowConfig {
        hidden = List.copyOf(hidden);
        if (shadows < 2 || shadows > 256) {
            throw new UsageException("--shadows must be between 2 and 256, got " + shadows);
        }
        if (epochs < 1 || epochs > 10_000) {
            throw new UsageException("--shadow-epochs must be between 1 and 10000, got " + epochs);
        }
        if (!(learningRate > 0) || learningRate > 10) {
            throw new UsageException("--shadow-lr must be in (0, 10], got " + learningRate);
        }
        if (batchSize < 1) {
            throw new UsageException("--shadow-batch-size must be positive, got " + batchSize);
        }
    }
}
