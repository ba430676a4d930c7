package org.mlgate.train.sanitize;

import org.mlgate.core.UsageException;

/**
 * How hard to look, validated once: the expected poison rate (a share of rows), the most rows any run may remove
 * (by default twice the expected rate, never more than 20 %: clean data must not be gutted), and the kNN size.
 */
public record SanitizeConfig(double expectedPoisonRate, double maxRemovalRate, int neighbours) {
    public static final double DEFAULT_POISON_RATE = 0.05;
    public static final double MAX_REMOVAL_CAP = 0.20;

    public SanitizeConfig {
        if (!(expectedPoisonRate > 0 && expectedPoisonRate < 0.5)) {
            throw new UsageException("--expected-poison-rate must be in (0, 0.5), got " + expectedPoisonRate);
        }
        if (!(maxRemovalRate >= expectedPoisonRate && maxRemovalRate <= MAX_REMOVAL_CAP)) {
            throw new UsageException("--max-removal-rate must be between the expected poison rate and "
                    + MAX_REMOVAL_CAP + ", got " + maxRemovalRate);
        }
        if (neighbours < 3 || neighbours > 100) {
            throw new UsageException("neighbours must be 3..100, got " + neighbours);
        }
    }

    public static SanitizeConfig of(double expectedPoisonRate) {
        return new SanitizeConfig(expectedPoisonRate, Math.min(MAX_REMOVAL_CAP, 2 * expectedPoisonRate), 10);
    }

    /** Rows a run may remove from {@code n}. */
    public int budget(int n) {
        return (int) Math.floor(maxRemovalRate * n);
    }
}
