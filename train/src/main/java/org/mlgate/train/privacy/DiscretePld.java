package org.mlgate.train.privacy;

import org.mlgate.core.IncompleteException;

/**
 * A discretised privacy-loss distribution: mass {@code probs[k]} at loss (lowerIndex + k)·interval, plus
 * {@code infinityMass} at +∞. Immutable in use (methods return new instances; arrays are not shared out).
 * Self-composition convolves the distribution with itself n times by one FFT, raising each frequency to the
 * n-th power, after bounding the result's range with a Chernoff bound so that at most the configured tail mass
 * falls outside it (the method of dp_accounting's {@code DensePLDPmf.self_compose}).
 */
final class DiscretePld {
    /** Largest FFT this accountant will run (2^26 points, about 1 GiB of working arrays). */
    static final long MAX_FFT_LENGTH = 1L << 26;
    /** Below this, e^x is zero in double precision. */
    private static final double UNDERFLOW_LOG = -746.0;

    private final double interval;
    private final long lowerIndex;
    private final double[] probs;
    private final double infinityMass;

    DiscretePld(double interval, long lowerIndex, double[] probs, double infinityMass) {
        this.interval = interval;
        this.lowerIndex = lowerIndex;
        this.probs = probs;
        this.infinityMass = infinityMass;
    }

    long lowerIndex() {
        return lowerIndex;
    }

    int size() {
        return probs.length;
    }

    double infinityMass() {
        return infinityMass;
    }

    double massAt(int k) {
        return probs[k];
    }

    /** The distribution of the sum of n independent copies, tails truncated by at most {@code tailMass}. */
    DiscretePld selfCompose(long n, double tailMass) {
        if (n < 1) {
            throw new IllegalArgumentException("composition count must be at least 1, got " + n);
        }
        long[] bounds = selfComposeBounds(n, tailMass);
        long lo = bounds[0];
        long outLen = bounds[1] - lo + 1;
        long need = Math.max(outLen, probs.length);
        if (need > MAX_FFT_LENGTH) {
            throw new IncompleteException("the composed privacy-loss distribution needs " + need
                    + " grid points (more than " + MAX_FFT_LENGTH + "); use a coarser discretisation interval "
                    + "(mlgate dp --pld-interval)");
        }
        int len = Fft.nextPowerOfTwo(need);
        double[] re = java.util.Arrays.copyOf(probs, len);
        double[] im = new double[len];
        Fft.transform(re, im, false);
        for (int k = 0; k < len; k++) {
            double r2 = re[k] * re[k] + im[k] * im[k];
            double logMag = 0.5 * n * Math.log(r2);
            if (!(logMag > UNDERFLOW_LOG)) {
                re[k] = 0; // |z|^n underflows (most frequencies once n is large): skip the trigonometry
                im[k] = 0;
                continue;
            }
            double mag = Math.exp(logMag);
            double angle = n * Math.atan2(im[k], re[k]);
            re[k] = mag * Math.cos(angle);
            im[k] = mag * Math.sin(angle);
        }
        Fft.transform(re, im, true);
        double[] out = new double[(int) outLen];
        int shift = (int) Math.floorMod(lo, (long) len);
        for (int k = 0; k < out.length; k++) {
            out[k] = re[(k + shift) & (len - 1)] / len;
        }
        // Mass at +∞ after n compositions: 1 − (1 − m)^n, plus the truncated tails (pessimistic).
        double inf = tailMass - Math.expm1(n * Math.log1p(-infinityMass));
        return new DiscretePld(interval, lowerIndex * n + lo, out, inf);
    }

    /**
     * Chernoff bounds on the index range of the n-fold sum outside which at most {@code tailMass} lies (half
     * each side), from the log moment-generating function at orders ±1..20 / size.
     */
    long[] selfComposeBounds(long n, double tailMass) {
        long upper = (probs.length - 1L) * n;
        long lower = 0;
        if (tailMass == 0) {
            return new long[] {lower, upper};
        }
        double logTwoOverTail = Math.log(2 / tailMass);
        for (int o = -20; o <= 20; o++) {
            if (o == 0) {
                continue;
            }
            double order = (double) o / probs.length;
            double bound = (n * logMgf(order) + logTwoOverTail) / order;
            if (!Double.isFinite(bound)) {
                continue;
            }
            if (order > 0) {
                upper = Math.min(upper, (long) Math.ceil(bound));
            } else {
                lower = Math.max(lower, (long) Math.floor(bound));
            }
        }
        return new long[] {lower, upper};
    }

    /** log Σ_k probs[k]·e^{k·t}, computed stably. */
    private double logMgf(double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < probs.length; k++) {
            if (probs[k] != 0) {
                max = Math.max(max, k * t);
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double s = 0;
        for (int k = 0; k < probs.length; k++) {
            if (probs[k] != 0) {
                s += probs[k] * Math.exp(k * t - max);
            }
        }
        return Math.log(s) + max;
    }

    /**
     * Cuts the longest prefix and suffix each holding at most {@code tailMass}/2, pessimistically: the prefix's
     * mass moves onto the lowest kept loss, the suffix's to +∞.
     */
    DiscretePld truncateTails(double tailMass) {
        if (tailMass == 0) {
            return this;
        }
        double threshold = tailMass / 2;
        int left = prefixWithin(threshold, false);
        int right = probs.length - prefixWithin(threshold, true);
        right = Math.max(right, left + 1);
        double leftMass = 0;
        for (int k = 0; k < left; k++) {
            leftMass += probs[k];
        }
        double rightMass = 0;
        for (int k = right; k < probs.length; k++) {
            rightMass += probs[k];
        }
        double[] kept = java.util.Arrays.copyOfRange(probs, left, right);
        kept[0] += leftMass;
        return new DiscretePld(interval, lowerIndex + left, kept, infinityMass + rightMass);
    }

    private int prefixWithin(double threshold, boolean fromEnd) {
        double s = 0;
        for (int i = 0; i < probs.length; i++) {
            s += probs[fromEnd ? probs.length - 1 - i : i];
            if (s > threshold) {
                return i;
            }
        }
        return probs.length;
    }

    /** δ(ε) = m_∞ + Σ_{loss > ε} (1 − e^{ε − loss})·p. */
    double deltaForEpsilon(double epsilon) {
        double delta = infinityMass;
        for (int k = 0; k < probs.length; k++) {
            double loss = (lowerIndex + k) * interval;
            if (loss > epsilon) {
                delta += -Math.expm1(epsilon - loss) * probs[k];
            }
        }
        return delta;
    }

    /**
     * The smallest ε ≥ 0 with δ(ε) ≤ delta (+∞ if the mass at +∞ already exceeds delta): walks the losses from
     * the top, accumulating Σp and Σp·e^{−loss} above the candidate, and solves δ(ε) = delta in closed form.
     */
    double epsilonForDelta(double delta) {
        if (infinityMass > delta) {
            return Double.POSITIVE_INFINITY;
        }
        double massUpper = infinityMass;
        double massLower = 0;
        for (int k = probs.length - 1; k >= 0; k--) {
            double loss = (lowerIndex + k) * interval;
            if (massUpper > delta && massLower > 0 && Math.log((massUpper - delta) / massLower) >= loss) {
                break;
            }
            massUpper += probs[k];
            massLower += Math.exp(-loss) * probs[k];
            if (massUpper >= delta && massLower == 0) {
                return Math.max(0, loss);
            }
        }
        if (massUpper <= massLower + delta) {
            return 0;
        }
        return Math.log((massUpper - delta) / massLower);
    }
}
