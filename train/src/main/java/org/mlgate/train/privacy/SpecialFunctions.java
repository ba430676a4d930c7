package org.mlgate.train.privacy;

import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * The special functions the accountants need, accurate far into the tails (log space where values underflow).
 * Log-gamma and erfc come from Commons Math; this class adds what it lacks: log|Γ| for negative arguments
 * (reflection), log erfc beyond the range where erfc underflows (asymptotic series), the standard normal
 * CDF and log-CDF, and a normal quantile for tiny probabilities.
 */
final class SpecialFunctions {
    private static final double LOG_PI = Math.log(Math.PI);
    private static final double HALF_LOG_PI = 0.5 * LOG_PI;
    private static final double SQRT2 = Math.sqrt(2.0);
    /** Above this, erfc(x) is below 1e-290: switch to the asymptotic expansion of log erfc. */
    private static final double ERFC_ASYMPTOTIC_FROM = 26.0;

    private SpecialFunctions() {
    }

    /** log|Γ(x)|, +∞ at the poles (0, −1, −2, ...), like SciPy's {@code gammaln}. */
    static double logAbsGamma(double x) {
        if (x > 0) {
            return Gamma.logGamma(x);
        }
        if (x == Math.rint(x)) {
            return Double.POSITIVE_INFINITY;
        }
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx). Reduce x modulo 2 first so that πx keeps its precision.
        double r = x - 2.0 * Math.floor(x / 2.0);
        return LOG_PI - Math.log(Math.abs(Math.sin(Math.PI * r))) - Gamma.logGamma(1.0 - x);
    }

    /** log|C(n, k)| for real n and k (generalised binomial coefficient). */
    static double logAbsBinomial(double n, double k) {
        return logAbsGamma(n + 1) - logAbsGamma(k + 1) - logAbsGamma(n - k + 1);
    }

    /** log(erfc(x)) for any real x, accurate where erfc itself underflows. */
    static double logErfc(double x) {
        if (x < ERFC_ASYMPTOTIC_FROM) {
            return Math.log(Erf.erfc(x));
        }
        // erfc(x) = exp(−x²)/(x√π) · Σ_k (−1)^k (2k−1)!! / (2x²)^k; the terms shrink fast for x ≥ 26.
        double inv2x2 = 1.0 / (2.0 * x * x);
        double term = 1.0;
        double sum = 1.0;
        for (int k = 1; k < 12; k++) {
            term *= -(2 * k - 1) * inv2x2;
            sum += term;
        }
        return -x * x - Math.log(x) - HALF_LOG_PI + Math.log(sum);
    }

    /** Φ(z), the standard normal CDF. */
    static double normalCdf(double z) {
        if (z == Double.NEGATIVE_INFINITY) {
            return 0.0;
        }
        if (z == Double.POSITIVE_INFINITY) {
            return 1.0;
        }
        return 0.5 * Erf.erfc(-z / SQRT2);
    }

    /** log Φ(z), accurate in the far lower tail. */
    static double normalLogCdf(double z) {
        if (z == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        if (z == Double.POSITIVE_INFINITY) {
            return 0.0;
        }
        if (z > -1.0) {
            return Math.log1p(-0.5 * Erf.erfc(z / SQRT2));
        }
        return Math.log(0.5) + logErfc(-z / SQRT2);
    }

    /**
     * The standard normal quantile Φ⁻¹(exp(logP)) for a lower-tail probability given by its log (logP ≤ log ½),
     * by bisection on {@link #normalLogCdf}: exact to a few ulps, and cheap enough for the few calls made.
     */
    static double normalQuantileLowerTail(double logP) {
        if (!(logP <= Math.log(0.5))) {
            throw new IllegalArgumentException("log probability must be at most log(1/2), got " + logP);
        }
        double lo = -40.0;
        double hi = 0.0;
        for (int i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1.0, Math.abs(lo)); i++) {
            double mid = 0.5 * (lo + hi);
            if (normalLogCdf(mid) < logP) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
