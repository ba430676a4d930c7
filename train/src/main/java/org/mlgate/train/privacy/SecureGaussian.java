package org.mlgate.train.privacy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Gaussian noise N(0, std²) for DP-SGD, in bulk. Obtain one from {@link NoiseSources#secure()} (a
 * {@link java.security.SecureRandom} DRBG reseeded from the operating system) — the only randomness fit for a
 * privacy guarantee; {@link NoiseSources#seededForTests(long)} exists for reproducible tests only.
 *
 * <p><b>Why each value is a sum of four samples.</b> A textbook Gaussian sampler run in floating point does not
 * produce every double near the true value equally: the set of reachable outputs, and their exact spacing,
 * depends on the unnoised value being protected, and an observer who sees the noised double can sometimes tell
 * which input it came from (Mironov 2012 for Laplace; Jin, McMurtry, Rubinstein, Ohrimenko 2022 for Gaussian
 * samplers in DP-SGD libraries). Opacus's secure mode answers this by drawing 2n = 4 independent Gaussians of
 * the target deviation and returning their sum divided by 2: the sum of independent normals is exactly normal
 * with the same σ, while its floating-point support is the sum of four irregular lattices, which smooths away
 * the gaps and spacings the attack reads. This class does the same, then scales by {@code std}.
 *
 * <p><b>How each standard normal is drawn.</b> Marsaglia and Bray's polar form of Box–Muller: a point (v₁, v₂)
 * uniform on a 2^53 × 2^53 grid of [−1, 1)² (53 bits of the generator each), rejected unless 0 < s = v₁² + v₂² < 1,
 * gives the independent pair v₁·m, v₂·m with m = √(−2 ln s / s). Uniform on the disk, s is uniform on (0, 1) and
 * the angle independent of it, so this is the Box–Muller transform with (cos θ, sin θ) = (v₁, v₂)/√s: the same
 * pair of exactly independent N(0, 1) variables (up to the grid), without the sine and cosine, at the price of
 * rejecting 1 − π/4 of the points. The bytes come from an AES-256-CTR fast-key-erasure generator in production
 * ({@link AesCtrGenerator}, keyed from a SecureRandom DRBG); the old SHA-256 Hash_DRBG and the trigonometric calls
 * took about half of a DP-SGD step.
 *
 * <p>Instances are thread-safe (methods synchronise); use one per training thread for speed.
 */
public final class SecureGaussian {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final double TWO_POW_MINUS_52 = 0x1.0p-52;
    /** Independent Gaussians summed per output value (Opacus secure mode uses 2n with n = 2). */
    static final int SAMPLES_PER_VALUE = 4;

    private final RandomGenerator source;
    private final String description;
    /** False only in tests: the classic slip of forgetting the division by s, which the audits must catch. */
    private final boolean dividesByS;
    private final byte[] buffer = new byte[1 << 15];
    private int position = buffer.length;
    private double spare;
    private boolean hasSpare;

    SecureGaussian(RandomGenerator source, String description) {
        this(source, description, true);
    }

    SecureGaussian(RandomGenerator source, String description, boolean dividesByS) {
        this.source = Objects.requireNonNull(source, "source");
        this.description = description;
        this.dividesByS = dividesByS;
    }

    /** What the randomness comes from (e.g. "SecureRandom DRBG"), for logs and model cards. */
    public String description() {
        return description;
    }

    /** Fills {@code out} with independent N(0, std²) values. */
    public synchronized void fill(double[] out, double std) {
        checkStd(std);
        for (int i = 0; i < out.length; i++) {
            out[i] = std * standardNormal();
        }
    }

    /** Fills {@code out} with independent N(0, std²) values, rounded to float. */
    public synchronized void fill(float[] out, double std) {
        checkStd(std);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (std * standardNormal());
        }
    }

    /** Adds independent N(0, std²) noise to every element of {@code values} (the DP-SGD noising of a gradient). */
    public synchronized void addTo(float[] values, double std) {
        checkStd(std);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (values[i] + std * standardNormal());
        }
    }

    private static void checkStd(double std) {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("noise standard deviation must be finite and not negative, got " + std);
        }
    }

    /** One N(0, 1) value: (g₁ + g₂ + g₃ + g₄)/2 with gᵢ independent N(0, 1). */
    private double standardNormal() {
        double sum = 0;
        for (int k = 0; k < SAMPLES_PER_VALUE; k++) {
            sum += polar();
        }
        return sum / 2;
    }

    /** One of the independent pair the polar method gives (the other is kept for the next call). */
    private double polar() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double v1;
        double v2;
        double s;
        do {
            v1 = (nextLong() >> 11) * TWO_POW_MINUS_52; // [-1, 1) on a grid of 2^53 points
            v2 = (nextLong() >> 11) * TWO_POW_MINUS_52;
            s = v1 * v1 + v2 * v2;
        } while (s == 0 || s >= 1);
        double m = Math.sqrt(-2 * Math.log(s) / (dividesByS ? s : 1));
        spare = v2 * m;
        hasSpare = true;
        return v1 * m;
    }

    private long nextLong() {
        if (position == buffer.length) {
            source.nextBytes(buffer);
            position = 0;
        }
        long v = (long) LONGS.get(buffer, position);
        position += Long.BYTES;
        return v;
    }
}
