package org.mlgate.train.privacy;

/**
 * RDP of one step of the Poisson-subsampled Gaussian mechanism at order α, computed the way Google's
 * dp_accounting computes it (Mironov, Talwar, Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian
 * Mechanism", Sec. 3.3): RDP(α) = log(A_α)/(α − 1), with A_α summed in log space.
 *
 * <ul>
 *   <li>Integer α: the binomial expansion A_α = Σ_{i=0..α} C(α,i) q^i (1−q)^{α−i} exp((i² − i)/(2σ²)).</li>
 *   <li>Fractional α: two series, one for each side of z₀ = σ² log(1/q − 1) + ½ (the point where the two
 *       mixture densities cross), each term weighted by a Gaussian tail (erfc). Their terms are summed in
 *       absolute value; the sum stops once both series' terms are falling and the latest is e^30 below the
 *       total. If that has not happened after 1000 terms the order is reported as +∞ — dp_accounting logs a
 *       warning and leaves the order out of the ε minimum, and so does this class (it matters for q = 0.1,
 *       σ = 1, where orders 1.1–1.5 do not converge).</li>
 * </ul>
 */
final class SubsampledGaussianRdp {
    static final int MAX_FRACTIONAL_TERMS = 1000;

    private SubsampledGaussianRdp() {
    }

    /** RDP at order α of one step; +∞ for a fractional order whose series did not converge. */
    static double rdp(double q, double sigma, double alpha) {
        if (q == 1.0) {
            return alpha / (2 * sigma * sigma);
        }
        double logA = alpha == Math.rint(alpha) ? logAInteger(q, sigma, (int) alpha) : logAFractional(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    static double logAInteger(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        double logQ = Math.log(q);
        double log1mq = Math.log1p(-q);
        double twoSigma2 = 2 * (sigma * sigma);
        for (int i = 0; i <= alpha; i++) {
            double logCoef = SpecialFunctions.logAbsBinomial(alpha, i) + i * logQ + (alpha - i) * log1mq;
            double s = logCoef + ((double) i * i - i) / twoSigma2;
            logA = LogMath.add(logA, s);
        }
        return logA;
    }

    static double logAFractional(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double logQ = Math.log(q);
        double log1mq = Math.log1p(-q);
        double twoSigma2 = 2 * (sigma * sigma);
        double sqrt2Sigma = Math.sqrt(2) * sigma;
        double logHalf = Math.log(0.5);
        double lastS0 = Double.NEGATIVE_INFINITY;
        double lastS1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < MAX_FRACTIONAL_TERMS; i++) {
            double logCoef = SpecialFunctions.logAbsBinomial(alpha, i);
            double j = alpha - i;
            double logT0 = logCoef + i * logQ + j * log1mq;
            double logT1 = logCoef + j * logQ + i * log1mq;
            double logE0 = logHalf + SpecialFunctions.logErfc((i - z0) / sqrt2Sigma);
            double logE1 = logHalf + SpecialFunctions.logErfc((z0 - j) / sqrt2Sigma);
            double logS0 = logT0 + ((double) i * i - i) / twoSigma2 + logE0;
            double logS1 = logT1 + (j * j - j) / twoSigma2 + logE1;
            logA0 = LogMath.add(logA0, logS0);
            logA1 = LogMath.add(logA1, logS1);
            double total = LogMath.add(logA0, logA1);
            if (logS0 < lastS0 && logS1 < lastS1 && Math.max(logS0, logS1) < total - 30) {
                return total;
            }
            lastS0 = logS0;
            lastS1 = logS1;
        }
        return Double.POSITIVE_INFINITY;
    }
}
