package org.mlgate.train.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Statistical checks of the noise ({@link NoiseAudit}: α = 1e-6 per test, ≤ 3e-6 per audit). The seeded
 * audits are deterministic (they either always pass or always fail for their seed); the audit of the real
 * secure source is random and may fail spuriously with probability at most 3e-6 per run.
 */
class SecureGaussianTest {
    private static final int N = 200_000;
    private static final double SIGMA = 3.0;

    /** Stands for a DP-SGD noise step; the broken one forgets a factor of two (half the noise). */
    interface Mechanism {
        void noise(double[] out, double std);
    }

    private static double[] draw(Mechanism m, int n, double std) {
        double[] out = new double[n];
        m.noise(out, std);
        return out;
    }

    @Test
    void seededNoiseHasTheRequestedDistribution() {
        SecureGaussian g = NoiseSources.seededForTests(7);
        NoiseAudit a = NoiseAudit.of(draw(g::fill, N, SIGMA), SIGMA);
        assertThat(a.passes()).as("%s", a).isTrue();
    }

    @Test
    void secureNoiseHasTheRequestedDistribution() {
        SecureGaussian g = NoiseSources.secure();
        assertThat(g.description()).startsWith("AES-256-CTR").contains("SecureRandom DRBG");
        NoiseAudit a = NoiseAudit.of(draw(g::fill, N, SIGMA), SIGMA);
        assertThat(a.passes()).as("%s", a).isTrue();
    }

    @Test
    void aMechanismWithHalfTheNoiseIsCaught() {
        SecureGaussian g = NoiseSources.seededForTests(7);
        Mechanism broken = (out, std) -> g.fill(out, std / 2);
        NoiseAudit a = NoiseAudit.of(draw(broken, N, SIGMA), SIGMA);
        assertThat(a.passes()).isFalse();
        assertThat(a.varianceOk()).as("%s", a).isFalse();
        assertThat(a.shapeOk()).as("%s", a).isFalse();
    }

    @Test
    void evenTenPercentTooLittleNoiseIsCaught() {
        SecureGaussian g = NoiseSources.seededForTests(8);
        NoiseAudit a = NoiseAudit.of(draw((out, std) -> g.fill(out, std * 0.9), N, SIGMA), SIGMA);
        assertThat(a.varianceOk()).as("%s", a).isFalse();
        assertThat(a.shapeOk()).as("%s", a).isFalse();
    }

    @Test
    void aBiasedMechanismIsCaught() {
        SecureGaussian g = NoiseSources.seededForTests(9);
        Mechanism biased = (out, std) -> {
            g.fill(out, std);
            for (int i = 0; i < out.length; i++) {
                out[i] += 0.05 * std;
            }
        };
        NoiseAudit a = NoiseAudit.of(draw(biased, N, SIGMA), SIGMA);
        assertThat(a.meanOk()).as("%s", a).isFalse();
    }

    @Test
    void floatOutputAndInPlaceNoisingHaveTheRightScale() {
        SecureGaussian g = NoiseSources.seededForTests(11);
        float[] f = new float[N];
        g.fill(f, SIGMA);
        double[] asDouble = new double[N];
        for (int i = 0; i < N; i++) {
            asDouble[i] = f[i];
        }
        assertThat(NoiseAudit.of(asDouble, SIGMA).passes()).isTrue();

        float[] grad = new float[N];
        java.util.Arrays.fill(grad, 10f);
        g.addTo(grad, SIGMA);
        for (int i = 0; i < N; i++) {
            asDouble[i] = grad[i] - 10.0;
        }
        assertThat(NoiseAudit.of(asDouble, SIGMA).passes()).isTrue();
    }

    @Test
    void seededNoiseIsReproducibleAndSeedsDiffer() {
        double[] a = draw(NoiseSources.seededForTests(1)::fill, 16, 1);
        double[] b = draw(NoiseSources.seededForTests(1)::fill, 16, 1);
        double[] c = draw(NoiseSources.seededForTests(2)::fill, 16, 1);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(NoiseSources.seededForTests(1).description()).contains("NOT PRIVATE");
    }

    @Test
    void zeroDeviationGivesZerosAndNegativeIsRefused() {
        SecureGaussian g = NoiseSources.seededForTests(3);
        assertThat(java.util.Arrays.stream(draw(g::fill, 4, 0)).allMatch(v -> v == 0.0)).isTrue();
        assertThatThrownBy(() -> g.fill(new double[1], -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.fill(new double[1], Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
