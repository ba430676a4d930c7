package org.mlgate.train.dpsgd;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.special.Erf;

/**
 * Statistical checks of a DP-SGD run against its configuration. Each check has false-failure probability at most
 * {@link #ALPHA} = 1e-6 when the mechanism is correct (so a test making k checks fails spuriously with probability
 * ≤ k·1e-6), and fails with overwhelming probability on the broken mechanisms the tests build.
 */
final class Audit {
    static final double ALPHA = 1e-6;
    /** Two-sided standard normal quantile for α = 1e-6: Φ⁻¹(1 − α/2). */
    static final double Z = 4.891638475698;

    private Audit() {
    }

    /** A check's statistic and its acceptance interval. */
    record Check(String what, double value, double low, double high) {
        boolean ok() {
            return value >= low && value <= high;
        }

        @Override
        public String toString() {
            return what + " = " + value + " (accept [" + low + ", " + high + "])";
        }
    }

    /**
     * Acceptance interval for s²/σ² when (k)·s²/σ² ~ χ²(k): Wilson–Hilferty quantiles
     * k(1 − 2/(9k) ± z√(2/(9k)))³ / k, accurate to well under 1 % of the width for k ≥ 30.
     */
    static Check varianceRatio(String what, double ratio, double k) {
        double a = 2 / (9 * k);
        double lo = Math.pow(1 - a - Z * Math.sqrt(a), 3);
        double hi = Math.pow(1 - a + Z * Math.sqrt(a), 3);
        return new Check(what, ratio, lo, hi);
    }

    /** Noise samples are N(0, σ²): mean (z-test), variance (χ²), shape (Kolmogorov–Smirnov with the DKW bound). */
    static List<Check> gaussian(double[] x, double sigma) {
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
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = 0.5 * Erf.erfc(-sorted[i] / (sigma * Math.sqrt(2)));
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        // DKW (Massart): P(D > t) ≤ 2 exp(−2 n t²)
        double ksBound = Math.sqrt(Math.log(2 / ALPHA) / (2.0 * n));
        return List.of(new Check("noise mean / (sigma/sqrt n)", mean / (sigma / Math.sqrt(n)), -Z, Z),
                varianceRatio("noise variance / sigma^2", ss / (n - 1) / (sigma * sigma), n - 1),
                new Check("KS distance to N(0, sigma^2)", d, 0, ksBound));
    }

    /**
     * The trace's per-step noise_std against σC: pooled Σ(d−1)s²/(σC)² over the steps is χ² with Σ(d−1) degrees
     * of freedom, for noise vectors of d coordinates.
     */
    static Check traceNoise(List<TraceRecord> trace, int d, double sigmaC) {
        double pooled = 0;
        for (TraceRecord r : trace) {
            pooled += r.noiseStd() * r.noiseStd();
        }
        return varianceRatio("pooled noise_std^2 / (sigma C)^2", pooled / trace.size() / (sigmaC * sigmaC),
                (double) trace.size() * (d - 1));
    }

    /**
     * Realised Poisson batch sizes against q over n units: their total is Binomial(S·n, q) (normal approximation,
     * S·n·q ≥ 1000 in the tests), and their dispersion — sample variance over n·q·(1 − q) — is that of S draws
     * (χ²(S − 1)/(S − 1), the batch sizes being close to normal at n·q ≥ 50). A fixed-size or shuffled batch has
     * no dispersion and fails the second check.
     */
    static List<Check> sampling(List<TraceRecord> trace, int n, double q) {
        int s = trace.size();
        double total = 0;
        for (TraceRecord r : trace) {
            total += r.batchSize();
        }
        double mean = total / s;
        double ss = 0;
        for (TraceRecord r : trace) {
            ss += (r.batchSize() - mean) * (r.batchSize() - mean);
        }
        double expected = (double) s * n * q;
        double sd = Math.sqrt(expected * (1 - q));
        return List.of(new Check("total sampled units", total, expected - Z * sd, expected + Z * sd),
                varianceRatio("batch-size variance / (n q (1-q))", ss / (s - 1) / (n * q * (1 - q)), s - 1));
    }

    static boolean allOk(List<Check> checks) {
        return checks.stream().allMatch(Check::ok);
    }
}
