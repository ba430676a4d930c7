package org.mlgate.train.sanitize;

import java.security.SecureRandom;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.train.dpsgd.TrainingRandomness;
import org.mlgate.train.model.Mlp;

/**
 * The randomness of a sanitising run: the reference MLP's initialisation and shuffling, and the clustering's
 * starting points. {@link #secure()} by default (an attacker who can replay the defence's choices can craft poison
 * that sits just inside them); {@link #seededForTests} for reproducible tests and benchmarks.
 */
public final class SanitizeRandomness {
    private final TrainingRandomness training;
    private final RandomGenerator clustering;
    private final Long seed;

    private SanitizeRandomness(TrainingRandomness training, RandomGenerator clustering, Long seed) {
        this.training = training;
        this.clustering = clustering;
        this.seed = seed;
    }

    public static SanitizeRandomness secure() {
        return new SanitizeRandomness(TrainingRandomness.secure(), new SecureRandom(), null);
    }

    /** <b>For tests and benchmarks only:</b> reproducible. */
    public static SanitizeRandomness seededForTests(long seed) {
        return new SanitizeRandomness(TrainingRandomness.seededForTests(seed),
                RandomGeneratorFactory.of("L64X128MixRandom").create(seed ^ 0x9E3779B97F4A7C15L), seed);
    }

    TrainingRandomness training() {
        return training;
    }

    RandomGenerator clustering() {
        return clustering;
    }

    Mlp referenceModel(int features, List<Integer> hidden, int classes) {
        return seed == null ? Mlp.create(features, hidden, classes)
                : Mlp.seededForTests(features, hidden, classes, seed);
    }
}
