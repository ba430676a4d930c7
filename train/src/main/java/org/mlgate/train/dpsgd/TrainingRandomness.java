package org.mlgate.train.dpsgd;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.core.IncompleteException;
import org.mlgate.train.privacy.NoiseSources;
import org.mlgate.train.privacy.SecureGaussian;

/**
 * The randomness of a training run: Gaussian noise and the generator behind Poisson sampling (and shuffling).
 * {@link #secure()} is the only one fit for a privacy guarantee; {@link #seededForTests(long)} makes tests
 * reproducible and is not private (whoever knows the seed knows which rows were sampled and the noise).
 */
public record TrainingRandomness(SecureGaussian noise, RandomGenerator sampling, String description, boolean cryptographic) {
    public TrainingRandomness {
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(description, "description");
    }

    /** Noise from {@link NoiseSources#secure()}, sampling from a 256-bit DRBG {@link SecureRandom}. Fails closed. */
    public static TrainingRandomness secure() {
        SecureGaussian noise = NoiseSources.secure();
        try {
            SecureRandom sampling = SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
            return new TrainingRandomness(noise, sampling, "noise: " + noise.description() + "; sampling: SecureRandom "
                    + sampling.getAlgorithm(), true);
        } catch (NoSuchAlgorithmException e) {
            throw new IncompleteException("no 256-bit DRBG SecureRandom is available in this JVM: " + e.getMessage(), e);
        }
    }

    /** <b>For tests only: not private.</b> Seeded noise and sampling. */
    public static TrainingRandomness seededForTests(long seed) {
        return new TrainingRandomness(NoiseSources.seededForTests(seed),
                RandomGeneratorFactory.of("L64X128MixRandom").create(seed ^ 0x5DEECE66DL),
                "seeded test generators (NOT PRIVATE), seed " + seed, false);
    }
}
