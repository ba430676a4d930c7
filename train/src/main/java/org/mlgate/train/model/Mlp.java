package org.mlgate.train.model;

import java.security.SecureRandom;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * A multi-layer perceptron: 1–3 ReLU hidden layers and a softmax output per class. Weights start uniform in
 * ±√(6 / fan_in) (He initialisation for ReLU), biases at zero, drawn from {@link SecureRandom} unless a test asks
 * for {@link #seededForTests}: an initialisation that an attacker can replay weakens nothing formally, but the
 * rule is one source of randomness for everything that touches training.
 */
public final class Mlp extends Model {
    Mlp(Architecture architecture, float[] parameters) {
        super(architecture, parameters);
        if (architecture.kind() != Architecture.Kind.MLP) {
            throw new IllegalArgumentException("not an MLP architecture: " + architecture);
        }
    }

    /** A model initialised from {@link SecureRandom}. */
    public static Mlp create(int features, List<Integer> hidden, int classes) {
        return create(Architecture.mlp(features, hidden, classes), new SecureRandom());
    }

    /** <b>For tests only:</b> a reproducible initialisation from a seeded generator. */
    public static Mlp seededForTests(int features, List<Integer> hidden, int classes, long seed) {
        return create(Architecture.mlp(features, hidden, classes),
                RandomGeneratorFactory.of("L64X128MixRandom").create(seed));
    }

    private static Mlp create(Architecture a, RandomGenerator random) {
        Mlp m = new Mlp(a, new float[a.parameterCount()]);
        float[] p = m.parameters();
        for (int l = 0; l < m.layers(); l++) {
            int in = a.widths()[l];
            int out = a.widths()[l + 1];
            double bound = Math.sqrt(6.0 / in);
            int w = m.weightOffset(l);
            for (int i = 0; i < in * out; i++) {
                p[w + i] = (float) ((2 * random.nextDouble() - 1) * bound);
            }
        }
        return m;
    }
}
