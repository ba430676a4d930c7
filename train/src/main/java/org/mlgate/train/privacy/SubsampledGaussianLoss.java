package org.mlgate.train.privacy;

/**
 * Privacy loss of one step of the Poisson-subsampled Gaussian mechanism (sensitivity 1, noise N(0, σ²)) for one
 * direction of the add/remove relation, following dp_accounting's {@code GaussianPrivacyLoss}:
 *
 * <ul>
 *   <li>REMOVE: μ_upper = (1−q)·N(0,σ²) + q·N(−1,σ²), μ_lower = N(0,σ²);</li>
 *   <li>ADD: μ_upper = N(0,σ²), μ_lower = (1−q)·N(0,σ²) + q·N(1,σ²).</li>
 * </ul>
 *
 * The loss ln(μ_upper(x)/μ_lower(x)) falls as x grows, so the hockey-stick divergence at ε is
 * δ(ε) = μ_upper(X ≤ x_ε) − e^ε·μ_lower(X ≤ x_ε) with x_ε the point where the loss equals ε.
 */
record SubsampledGaussianLoss(double sigma, double q, Adjacency adjacency) {
    enum Adjacency { ADD, REMOVE }

    /** Loss without subsampling: ADD (½ − x)/σ², REMOVE (−½ − x)/σ². */
    double lossWithoutSampling(double x) {
        double shift = adjacency == Adjacency.ADD ? 0.5 : -0.5;
        return (shift - x) / (sigma * sigma);
    }

    double inverseLossWithoutSampling(double loss) {
        double shift = adjacency == Adjacency.ADD ? 0.5 : -0.5;
        return shift - loss * (sigma * sigma);
    }

    double loss(double x) {
        double l0 = lossWithoutSampling(x);
        if (q == 1.0) {
            return l0;
        }
        return adjacency == Adjacency.ADD ? -LogMath.aTimesExpBPlusC(q, -l0, 1 - q)
                : LogMath.aTimesExpBPlusC(q, l0, 1 - q);
    }

    /** The largest x whose loss is at least {@code loss} (±∞ at the ends of the loss range). */
    double inverseLoss(double loss) {
        if (q == 1.0) {
            return inverseLossWithoutSampling(loss);
        }
        if (adjacency == Adjacency.ADD) {
            double max = -Math.log(1 - q);
            if (isClose(loss, max)) {
                return inverseLossWithoutSampling(Double.POSITIVE_INFINITY);
            }
            if (loss > max) {
                throw new IllegalArgumentException("privacy loss " + loss + " exceeds -log(1-q) = " + max);
            }
            return inverseLossWithoutSampling(-LogMath.aTimesExpBPlusC(1 / q, -loss, 1 - 1 / q));
        }
        double min = Math.log(1 - q);
        if (isClose(loss, min)) {
            return inverseLossWithoutSampling(Double.NEGATIVE_INFINITY);
        }
        if (loss <= min) {
            throw new IllegalArgumentException("privacy loss " + loss + " is at most log(1-q) = " + min);
        }
        return inverseLossWithoutSampling(LogMath.aTimesExpBPlusC(1 / q, loss, 1 - 1 / q));
    }

    /** Python's math.isclose with its default relative tolerance 1e-9. */
    private static boolean isClose(double a, double b) {
        return a == b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    }

    double upperCdf(double x) {
        if (adjacency == Adjacency.ADD) {
            return SpecialFunctions.normalCdf(x / sigma);
        }
        if (q == 1.0) {
            return SpecialFunctions.normalCdf((x + 1) / sigma);
        }
        return (1 - q) * SpecialFunctions.normalCdf(x / sigma) + q * SpecialFunctions.normalCdf((x + 1) / sigma);
    }

    double lowerLogCdf(double x) {
        if (adjacency == Adjacency.REMOVE) {
            return SpecialFunctions.normalLogCdf(x / sigma);
        }
        if (q == 1.0) {
            return SpecialFunctions.normalLogCdf((x - 1) / sigma);
        }
        return LogMath.add(Math.log1p(-q) + SpecialFunctions.normalLogCdf(x / sigma),
                Math.log(q) + SpecialFunctions.normalLogCdf((x - 1) / sigma));
    }

    /** The ε-hockey-stick divergence δ(ε), clipped to [0, 1]. */
    double deltaForEpsilon(double epsilon) {
        double delta;
        if (q != 1.0 && adjacency == Adjacency.ADD && !(epsilon < -Math.log1p(-q))) {
            delta = 0.0;
        } else if (q != 1.0 && adjacency == Adjacency.REMOVE && !(epsilon > Math.log1p(-q))) {
            delta = -Math.expm1(epsilon);
        } else {
            double x = inverseLoss(epsilon);
            delta = upperCdf(x) - Math.exp(epsilon + lowerLogCdf(x));
        }
        return Math.min(1.0, Math.max(0.0, delta));
    }

    /**
     * The x range kept before discretising: the noise quantile at ½·e^{logMassTruncationBound}, mirrored, and
     * widened by the sensitivity on the side where the shifted component lies. Returns {lowerX, upperX}.
     */
    double[] truncation(double logMassTruncationBound) {
        double lower = sigma * SpecialFunctions.normalQuantileLowerTail(Math.log(0.5) + logMassTruncationBound);
        double upper = -lower;
        if (adjacency == Adjacency.ADD) {
            upper += 1;
        } else {
            lower -= 1;
        }
        return new double[] {lower, upper};
    }
}
