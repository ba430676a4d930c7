package org.mlgate.train.privacy;

/**
 * Pessimistic "connect-the-dots" discretisation (Doroshenko, Ghazi, Kamath, Kumar, Manurangsi 2022, Algorithm 1)
 * on an evenly spaced grid of losses. Given δ_i = δ(ε_i) of the true mechanism at ε_i = (lower + i)·d, it
 * builds the discrete distribution whose hockey-stick curve passes through every (ε_i, δ_i) and lies above the
 * true curve in between, so every ε read from it (and from its compositions) is an upper bound:
 * p_1 = 1 − δ_1 + (δ_2 − δ_1)/(e^d − 1), p_i = ((δ_{i+1} − δ_i) − e^d (δ_i − δ_{i−1}))/(e^d − 1),
 * p_n = (δ_n − δ_{n−1})/(e^{−d} − 1), and δ_n at +∞.
 */
final class ConnectTheDots {
    /** Tolerated increase between successive δ values (floating-point noise); more is an error. */
    static final double DELTA_INCREASE_TOLERANCE = 1e-12;

    private ConnectTheDots() {
    }

    static DiscretePld fixedGap(double d, long lowerIndex, double[] deltas) {
        int n = deltas.length;
        if (n == 0) {
            throw new IllegalArgumentException("no grid points");
        }
        if (n == 1) {
            return new DiscretePld(d, lowerIndex, new double[] {1 - deltas[0]}, deltas[0]);
        }
        double[] dl = deltas.clone();
        for (int i = 1; i < n; i++) {
            if (dl[i] - dl[i - 1] > DELTA_INCREASE_TOLERANCE) {
                throw new IllegalStateException("hockey-stick divergence increases with epsilon at grid point " + i
                        + ": " + dl[i - 1] + " -> " + dl[i]);
            }
            dl[i] = Math.min(dl[i], dl[i - 1]);
        }
        double em1 = Math.expm1(d);
        double e = Math.exp(d);
        double[] p = new double[n];
        p[0] = 1 - dl[0] + (dl[1] - dl[0]) / em1;
        for (int i = 1; i < n - 1; i++) {
            p[i] = ((dl[i + 1] - dl[i]) - (dl[i] - dl[i - 1]) * e) / em1;
        }
        p[n - 1] = (dl[n - 1] - dl[n - 2]) / Math.expm1(-d);
        for (int i = 0; i < n; i++) {
            p[i] = Math.max(0.0, p[i]);
        }
        return new DiscretePld(d, lowerIndex, p, dl[n - 1]);
    }
}
