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
 * the gaps and spacings the attack reads. This class does the same (the standard normals come from Box–Muller
 * on 53-bit uniforms taken from the byte stream of the generator), then scales by {@code std}.
 *
 * <p>Instances are thread-safe (methods synchronise); use one per training thread for speed.
 */
public final class SecureGaussian {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;
    private static final double TWO_PI = 2 * Math.PI;
    /** Independent Gaussians summed per output value (Opacus secure mode uses 2n with n = 2). */
    static final int SAMPLES_PER_VALUE = 4;

    private final RandomGenerator source;
    private final String description;
    private final byte[] buffer = new byte[1 << 14];
    private int position = buffer.length;
    private double spare;
    private boolean hasSpare;

    SecureGaussian(RandomGenerator source, String description) {
        this.source = Objects.requireNonNull(source, "source");
        this.description = description;
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
            sum += boxMuller();
        }
        return sum / 2;
    }

    private double boxMuller() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = ((nextLong() >>> 11) + 1) * TWO_POW_MINUS_53; // (0, 1]: log never sees 0
        double u2 = (nextLong() >>> 11) * TWO_POW_MINUS_53;      // [0, 1)
        double r = Math.sqrt(-2 * Math.log(u1));
        double theta = TWO_PI * u2;
        spare = r * Math.sin(theta);
        hasSpare = true;
        return r * Math.cos(theta);
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
