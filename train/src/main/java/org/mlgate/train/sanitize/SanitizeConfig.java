package org.mlgate.train.sanitize;

import java.util.EnumSet;
import java.util.Set;
import org.mlgate.core.UsageException;

/**
 * How hard to look, validated once: the expected poison rate (a share of rows), the most rows any run may remove
 * (by default twice the expected rate, never more than 20 %: clean data must not be gutted), the kNN size, which
 * detectors run, and what the spectral and clustering detectors look at.
 */
public record SanitizeConfig(double expectedPoisonRate, double maxRemovalRate, int neighbours, Set<Detector> detectors,
                             Representation representation) {
    public static final double DEFAULT_POISON_RATE = 0.05;
    public static final double MAX_REMOVAL_CAP = 0.20;
    public static final int DEFAULT_NEIGHBOURS = 20;

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
        if (detectors == null || detectors.isEmpty()) {
            throw new UsageException("at least one detector must run");
        }
        detectors = Set.copyOf(EnumSet.copyOf(detectors));
        if (representation == null) {
            throw new UsageException("a representation (features or activations) is needed");
        }
    }

    /**
     * Every detector, spectral signatures and clustering on the reference MLP's activations (on this data they
     * flag far fewer clean rows than standardised features, where rare one-hot columns dominate), removal budget
     * twice the expected rate (at most 20 %).
     */
    public static SanitizeConfig of(double expectedPoisonRate) {
        return new SanitizeConfig(expectedPoisonRate, Math.min(MAX_REMOVAL_CAP, 2 * expectedPoisonRate),
                DEFAULT_NEIGHBOURS, EnumSet.allOf(Detector.class), Representation.ACTIVATIONS);
    }

    public SanitizeConfig withMaxRemovalRate(double rate) {
        return new SanitizeConfig(expectedPoisonRate, rate, neighbours, detectors, representation);
    }

    public SanitizeConfig withDetectors(Set<Detector> only) {
        return new SanitizeConfig(expectedPoisonRate, maxRemovalRate, neighbours, only, representation);
    }

    public SanitizeConfig withRepresentation(Representation r) {
        return new SanitizeConfig(expectedPoisonRate, maxRemovalRate, neighbours, detectors, r);
    }

    /** Rows a run may remove from {@code n}. */
    public int budget(int n) {
        return (int) Math.floor(maxRemovalRate * n);
    }
}
