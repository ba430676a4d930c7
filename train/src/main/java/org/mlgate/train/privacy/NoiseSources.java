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
     * Noise from a {@link SecureRandom} NIST SP 800-90A DRBG at 256-bit strength, seeded (and reseeded on
     * request) from the operating system's entropy source. Fails closed: no fallback to a weaker generator.
     */
    public static SecureGaussian secure() {
        try {
            SecureRandom random = SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
            return new SecureGaussian(random, "SecureRandom " + random.getAlgorithm() + " (" + random + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IncompleteException("no 256-bit DRBG SecureRandom is available in this JVM: " + e.getMessage(), e);
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
