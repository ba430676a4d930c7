package org.mlgate.train.privacy;

import org.mlgate.core.UsageException;

/**
 * One DP-SGD run to account for: {@code steps} steps of the Poisson-subsampled Gaussian mechanism (each record
 * sampled with probability {@code samplingRate}, noise standard deviation {@code noiseMultiplier} × the clipping
 * norm), reported at {@code delta} under the add/remove-one neighbouring relation. Validated here, once: an
 * instance always holds usable values.
 */
public record AccountingQuery(double samplingRate, double noiseMultiplier, long steps, double delta) {
    public AccountingQuery {
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new UsageException("sampling rate must be in (0, 1], got " + samplingRate);
        }
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new UsageException("noise multiplier must be a positive finite number, got " + noiseMultiplier);
        }
        if (steps < 1) {
            throw new UsageException("steps must be at least 1, got " + steps);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new UsageException("delta must be in (0, 1), got " + delta);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same run with another step count. */
    public AccountingQuery withSteps(long n) {
        return new AccountingQuery(samplingRate, noiseMultiplier, n, delta);
    }

    /** The same run with another noise multiplier. */
    public AccountingQuery withNoiseMultiplier(double sigma) {
        return new AccountingQuery(samplingRate, sigma, steps, delta);
    }

    /** Named setters; {@link #build()} validates (unset values are rejected as invalid). */
    public static final class Builder {
        private double samplingRate = Double.NaN;
        private double noiseMultiplier = Double.NaN;
        private long steps;
        private double delta = Double.NaN;

        private Builder() {
        }

        public Builder samplingRate(double q) {
            this.samplingRate = q;
            return this;
        }

        public Builder noiseMultiplier(double sigma) {
            this.noiseMultiplier = sigma;
            return this;
        }

        public Builder steps(long n) {
            this.steps = n;
            return this;
        }

        public Builder delta(double d) {
            this.delta = d;
            return this;
        }

        public AccountingQuery build() {
            return new AccountingQuery(samplingRate, noiseMultiplier, steps, delta);
        }
    }
}
