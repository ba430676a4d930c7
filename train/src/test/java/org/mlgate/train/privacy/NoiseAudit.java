package org.mlgate.train.privacy;

import java.util.Arrays;

/**
 * Checks that samples look like N(0, σ²): three tests, each with false-failure probability α = 1e-6 for truly
 * Gaussian input (so ≤ 3e-6 for the audit), and power against a wrong σ that grows with the sample size.
 *
 * <ul>
 *   <li>mean: |x̄| ≤ z·σ/√n, z = 4.892 (two-sided normal quantile for 1e-6);</li>
 *   <li>variance: |s²/σ² − 1| ≤ z·√(2/(n−1)) (normal approximation of χ²(n−1)/(n−1), accurate for n ≥ 10⁴);</li>
 *   <li>shape: Kolmogorov–Smirnov distance to the N(0, σ²) CDF ≤ √(ln(2/α)/(2n)) (Dvoretzky–Kiefer–Wolfowitz
 *       with Massart's constant: P(D > t) ≤ 2e^{−2nt²}, so this bound holds for every n, not just asymptotically).</li>
 * </ul>
 */
record NoiseAudit(double meanZ, double varianceRatio, double varianceBound, double ks, double ksBound) {
    static final double ALPHA = 1e-6;
    static final double Z = 4.891638475698; // Φ⁻¹(1 − α/2)

    static NoiseAudit of(double[] x, double sigma) {
        int n = x.length;
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double var = ss / (n - 1);
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = SpecialFunctions.normalCdf(sorted[i] / sigma);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return new NoiseAudit(mean / (sigma / Math.sqrt(n)), var / (sigma * sigma), Z * Math.sqrt(2.0 / (n - 1)), d,
                Math.sqrt(Math.log(2 / ALPHA) / (2.0 * n)));
    }

    boolean meanOk() {
        return Math.abs(meanZ) <= Z;
    }

    boolean varianceOk() {
        return Math.abs(varianceRatio - 1) <= varianceBound;
    }

    boolean shapeOk() {
        return ks <= ksBound;
    }

    boolean passes() {
        return meanOk() && varianceOk() && shapeOk();
    }
}
