package org.mlgate.train.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

/**
 * The AES-256-CTR generator behind the secure noise, and the Gaussian drawn from it. Each statistical check runs at
 * α = 1e-6 on a seeded stream (deterministic: it always passes or always fails for its seed) and on the secure one
 * (random: a spurious failure has probability ≤ 1e-6 per check), and each is shown to catch a broken variant:
 * a keystream reused after every refill (the nonce-reuse mistake), a stuck bit, and a polar sampler that forgets to
 * divide by s.
 */
class AesCtrGeneratorTest {
    private static final double ALPHA = 1e-6;

    /** χ² of the 256 byte values over {@code bytes} bytes: the p-value. */
    private static double bytePValue(RandomGenerator g, int bytes) {
        long[] count = new long[256];
        byte[] b = new byte[bytes];
        g.nextBytes(b);
        for (byte x : b) {
            count[x & 0xff]++;
        }
        double expected = bytes / 256.0;
        double chi2 = 0;
        for (long c : count) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        return 1 - new ChiSquaredDistribution(255).cumulativeProbability(chi2);
    }

    /**
     * Whether {@code n} 64-bit words repeat. For uniform words a repeat among 2^20 has probability ≤ 2^40 / 2^65
     * ≈ 3e-8; a repeated keystream repeats every word.
     */
    private static boolean wordsRepeat(RandomGenerator g, int n) {
        Set<Long> seen = new HashSet<>(2 * n);
        for (int i = 0; i < n; i++) {
            if (!seen.add(g.nextLong())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void bytesAreUniformAndWordsNeverRepeat() {
        RandomGenerator seeded = NoiseSources.aesGeneratorSeededForTests(42);
        assertThat(bytePValue(seeded, 1 << 23)).isGreaterThan(ALPHA);
        assertThat(wordsRepeat(seeded, 1 << 20)).isFalse();
        RandomGenerator secure = new AesCtrGenerator(freshKey());
        assertThat(bytePValue(secure, 1 << 23)).isGreaterThan(ALPHA);
        assertThat(wordsRepeat(secure, 1 << 20)).isFalse();
    }

    @Test
    void seededStreamsAreReproducibleAndDiffer() {
        long a = NoiseSources.aesGeneratorSeededForTests(1).nextLong();
        assertThat(NoiseSources.aesGeneratorSeededForTests(1).nextLong()).isEqualTo(a);
        assertThat(NoiseSources.aesGeneratorSeededForTests(2).nextLong()).isNotEqualTo(a);
    }

    @Test
    void aReusedKeystreamIsCaught() {
        assertThat(wordsRepeat(new ReusedKeystream(), 1 << 20)).isTrue();
    }

    @Test
    void aStuckBitIsCaught() {
        RandomGenerator g = NoiseSources.aesGeneratorSeededForTests(7);
        RandomGenerator stuck = new RandomGenerator() {
            @Override
            public long nextLong() {
                return g.nextLong();
            }

            @Override
            public void nextBytes(byte[] out) {
                g.nextBytes(out);
                for (int i = 0; i < out.length; i++) {
                    out[i] |= 1; // the lowest bit always set
                }
            }
        };
        assertThat(bytePValue(stuck, 1 << 23)).isLessThan(ALPHA);
    }

    @Test
    void theGaussianFromTheGeneratorHasTheRequestedDistribution() {
        double sigma = 2.5;
        double[] seeded = new double[200_000];
        NoiseSources.aesSeededForTests(5).fill(seeded, sigma);
        NoiseAudit a = NoiseAudit.of(seeded, sigma);
        assertThat(a.passes()).as("%s", a).isTrue();
        double[] secure = new double[200_000];
        NoiseSources.secure().fill(secure, sigma);
        NoiseAudit b = NoiseAudit.of(secure, sigma);
        assertThat(b.passes()).as("%s", b).isTrue();
    }

    @Test
    void aPolarSamplerThatForgetsTheDivisionIsCaught() {
        double sigma = 2.5;
        SecureGaussian broken = new SecureGaussian(NoiseSources.aesGeneratorSeededForTests(5), "broken", false);
        double[] out = new double[200_000];
        broken.fill(out, sigma);
        NoiseAudit a = NoiseAudit.of(out, sigma);
        assertThat(a.passes()).as("%s", a).isFalse();
        assertThat(a.shapeOk()).as("%s", a).isFalse();
    }

    private static byte[] freshKey() {
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        return k;
    }

    /** The mistake the generator avoids: the same key and counter after every refill, so the stream repeats. */
    private static final class ReusedKeystream implements RandomGenerator {
        private final byte[] block = new byte[4096];
        private int position = block.length;
        private final Cipher cipher;

        ReusedKeystream() {
            try {
                cipher = Cipher.getInstance("AES/CTR/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(freshKey(), "AES"), new IvParameterSpec(new byte[16]));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public long nextLong() {
            if (position == block.length) {
                try {
                    cipher.doFinal(new byte[block.length], 0, block.length, block, 0); // resets to counter 0
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
                position = 0;
            }
            long v = java.nio.ByteBuffer.wrap(block, position, 8).getLong();
            position += 8;
            return v;
        }
    }
}
