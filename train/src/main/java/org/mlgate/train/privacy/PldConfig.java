package org.mlgate.train.privacy;

import org.mlgate.core.UsageException;

/**
 * Settings of the {@link PldAccountant}, dp_accounting's defaults in {@link #DEFAULT}.
 *
 * @param valueDiscretizationInterval the grid step of privacy-loss values (1e-4): smaller is tighter and slower
 * @param logMassTruncationBound log of the noise mass left out of each tail before discretising (−50); the
 *     lower tail's mass is counted at +∞ loss (pessimistic)
 * @param tailMassTruncation mass that composition may cut from the tails of the composed distribution (1e-15),
 *     moved pessimistically (left tail onto the lowest kept loss, right tail to +∞)
 */
public record PldConfig(double valueDiscretizationInterval, double logMassTruncationBound, double tailMassTruncation) {
    public static final PldConfig DEFAULT = new PldConfig(1e-4, -50, 1e-15);

    public PldConfig {
        if (!(valueDiscretizationInterval > 0) || valueDiscretizationInterval > 1) {
            throw new UsageException("value discretization interval must be in (0, 1], got " + valueDiscretizationInterval);
        }
        if (!(logMassTruncationBound <= 0) || Double.isInfinite(logMassTruncationBound)) {
            throw new UsageException("log mass truncation bound must be finite and at most 0, got "
                    + logMassTruncationBound);
        }
        if (!(tailMassTruncation >= 0 && tailMassTruncation < 1e-3)) {
            throw new UsageException("tail mass truncation must be in [0, 1e-3), got " + tailMassTruncation);
        }
    }

    public PldConfig withValueDiscretizationInterval(double d) {
        return new PldConfig(d, logMassTruncationBound, tailMassTruncation);
    }
}
