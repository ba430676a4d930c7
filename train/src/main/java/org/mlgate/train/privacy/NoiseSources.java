package org.mlgate.train.privacy;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.core.IncompleteException;

/** Where {@link SecureGaussian} noise comes from. Training code uses {@link #secure()}; nothing else does. */
public final class NoiseSources {
    private NoiseSources() {
    }

    /**
     * Noise from an AES-256-CTR fast-key-erasure generator ({@link AesCtrGenerator}) whose first key is 32 bytes of a
     * {@link SecureRandom} NIST SP 800-90A DRBG at 256-bit strength, seeded from the operating system's entropy
     * source. Fails closed: no fallback to a weaker generator.
     */
    public static SecureGaussian secure() {
        try {
            SecureRandom random = SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
            byte[] key = new byte[32];
            random.nextBytes(key);
            return new SecureGaussian(new AesCtrGenerator(key), "AES-256-CTR fast-key-erasure generator keyed from "
                    + "SecureRandom " + random.getAlgorithm() + " (" + random + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IncompleteException("no 256-bit DRBG SecureRandom is available in this JVM: " + e.getMessage(), e);
        }
    }

    /**
     * <b>For tests only: not private.</b> The production generator ({@link AesCtrGenerator}) with its first key
     * derived from {@code seed} (SHA-256 of its 8 bytes), so its output can be audited reproducibly.
     */
    public static SecureGaussian aesSeededForTests(long seed) {
        return new SecureGaussian(aesGeneratorSeededForTests(seed),
                "seeded test AES-256-CTR generator (NOT PRIVATE), seed " + seed);
    }

    /** <b>For tests only.</b> The raw byte generator behind {@link #aesSeededForTests}. */
    static RandomGenerator aesGeneratorSeededForTests(long seed) {
        try {
            byte[] key = java.security.MessageDigest.getInstance("SHA-256").digest(
                    java.nio.ByteBuffer.allocate(8).putLong(seed).array());
            return new AesCtrGenerator(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IncompleteException("SHA-256 is not available: " + e.getMessage(), e);
        }
    }

    /**
     * <b>For tests only: not private.</b> Reproducible noise from a seeded non-cryptographic generator
     * (L64X128MixRandom). Anyone who knows the seed knows the noise, so a model trained with it has no privacy.
     */
    public static SecureGaussian seededForTests(long seed) {
        RandomGenerator g = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        return new SecureGaussian(g, "seeded test generator L64X128MixRandom (NOT PRIVATE), seed " + seed);
    }
}
