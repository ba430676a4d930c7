package org.mlgate.train.dpsgd;

import java.util.random.RandomGenerator;

/**
 * Poisson sampling: each of n units joins the batch independently with probability q, so the batch size is
 * Binomial(n, q) — what the RDP and PLD accountants assume (shuffled fixed-size batches are a different
 * mechanism that they do not cover).
 *
 * <p>Instead of n Bernoulli draws per step, it draws the gaps between included units, which are independent
 * Geometric(q): gap = ⌊ln U / ln(1 − q)⌋ for U uniform in (0, 1] (the number of failures before a success),
 * the same distribution at a cost of about q·n + 1 draws. Uniforms are 53-bit, taken from a buffered byte
 * stream of the generator ({@link BufferedRandom}: one {@code nextBytes} call per 512 draws). In floating point the
 * gap distribution is exact up to the rounding of one log and one division (relative error ~1e-16 in each
 * inclusion probability); the randomness that protects the data is the Gaussian noise, drawn separately.
 */
public final class PoissonSampler {
    private final BufferedRandom random;

    public PoissonSampler(RandomGenerator random) {
        this.random = new BufferedRandom(random);
    }

    /**
     * Writes the indices (ascending) of the units in [0, n) included with probability q into {@code out}, which
     * must have room for n, and returns how many there are.
     */
    public int sample(int n, double q, int[] out) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in (0, 1], got " + q);
        }
        if (q == 1) {
            for (int i = 0; i < n; i++) {
                out[i] = i;
            }
            return n;
        }
        double logFail = Math.log1p(-q);
        int count = 0;
        long i = -1;
        while (true) {
            double u = uniformOpenZero();
            double gap = Math.floor(Math.log(u) / logFail);
            i += 1 + (long) Math.min(gap, (double) n);
            if (i >= n) {
                return count;
            }
            out[count++] = (int) i;
        }
    }

    /** Uniform in (0, 1]. */
    private double uniformOpenZero() {
        return ((random.nextLong() >>> 11) + 1) * 0x1.0p-53;
    }
}
