package org.mlgate.train.privacy;

/** How an RDP guarantee at one order α becomes an (ε, δ) guarantee. */
public enum RdpConversion {
    /**
     * Canonne–Kamath–Steinke 2020 / Asoodeh et al. 2020, as dp_accounting's {@code compute_epsilon}:
     * ε = RDP(α) + log(1 − 1/α) − log(δ·α)/(α − 1); ε = 0 when the KL bound already gives δ; orders α ≤ 1.01
     * are unusable (the bound is unstable there); a negative RDP (numerical noise) counts as ε = 0.
     */
    IMPROVED {
        @Override
        double epsilon(double order, double rdp, double delta) {
            if (rdp < 0) {
                return 0.0;
            }
            if (delta * delta + Math.expm1(-rdp) > 0) {
                return 0.0;
            }
            if (order > 1.01) {
                return rdp + Math.log1p(-1.0 / order) - Math.log(delta * order) / (order - 1);
            }
            return Double.POSITIVE_INFINITY;
        }
    },
    /** Mironov 2017, Proposition 3: ε = RDP(α) − log(δ)/(α − 1); what TF-Privacy and early Opacus published. */
    BASIC {
        @Override
        double epsilon(double order, double rdp, double delta) {
            return rdp - Math.log(delta) / (order - 1);
        }
    };

    abstract double epsilon(double order, double rdp, double delta);
}
