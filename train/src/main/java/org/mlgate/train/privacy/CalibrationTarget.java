package org.mlgate.train.privacy;

import org.mlgate.core.UsageException;

/**
 * What {@link NoiseCalibration} solves for: the smallest noise multiplier whose ε after {@code steps} steps at
 * {@code samplingRate} and {@code delta} is at most {@code targetEpsilon}. Validated here, once.
 */
public record CalibrationTarget(double targetEpsilon, double samplingRate, long steps, double delta) {
    public CalibrationTarget {
        if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon)) {
            throw new UsageException("target epsilon must be a positive finite number, got " + targetEpsilon);
        }
        // The other three are validated by the query they become.
        query(samplingRate, 1.0, steps, delta);
    }

    AccountingQuery query(double noiseMultiplier) {
        return query(samplingRate, noiseMultiplier, steps, delta);
    }

    private static AccountingQuery query(double q, double sigma, long steps, double delta) {
        return new AccountingQuery(q, sigma, steps, delta);
    }
}
