package org.mlgate.guard.model;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Logistic regression on {@link HashedFeatures}: P(attack) = σ(w·x + b). Trained by AdaGrad with L2 and balanced
 * class weights over a seeded shuffle, on one thread in a fixed order: the same data and seed give the same
 * weights bit for bit (Java float arithmetic is deterministic). Immutable once built; thread-safe.
 */
public final class LogisticModel {
    private final float[] weights;
    private final float bias;

    public LogisticModel(float[] weights, float bias) {
        if (weights.length != HashedFeatures.DIMENSION || !Float.isFinite(bias)) {
            throw new IllegalArgumentException("classifier weights must have " + HashedFeatures.DIMENSION
                    + " values and a finite bias");
        }
        this.weights = weights.clone();
        this.bias = bias;
    }

    /** A training example. */
    public record Example(HashedFeatures.Vector x, boolean attack) {
    }

    /** Training settings; {@link #DEFAULT} is what {@code mlgate guard train} uses. */
    public record Settings(int epochs, double learningRate, double l2) {
        public static final Settings DEFAULT = new Settings(12, 0.5, 1e-6);
    }

    public static LogisticModel train(List<Example> examples, long seed, Settings s) {
        int d = HashedFeatures.DIMENSION;
        double[] w = new double[d];
        double[] g2 = new double[d];
        double b = 0;
        double gb2 = 0;
        long attacks = examples.stream().filter(Example::attack).count();
        long benign = examples.size() - attacks;
        if (attacks == 0 || benign == 0) {
            throw new IllegalArgumentException("training needs both attack and benign examples");
        }
        double wAttack = examples.size() / (2.0 * attacks);
        double wBenign = examples.size() / (2.0 * benign);
        int[] order = new int[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int k : order) {
                Example e = examples.get(k);
                double z = b;
                for (int idx : e.x().indices()) {
                    z += w[idx] * e.x().value();
                }
                double p = sigmoid(z);
                double y = e.attack() ? 1 : 0;
                double g = (p - y) * (e.attack() ? wAttack : wBenign);
                for (int idx : e.x().indices()) {
                    double gi = g * e.x().value() + s.l2() * w[idx];
                    g2[idx] += gi * gi;
                    w[idx] -= s.learningRate() * gi / (Math.sqrt(g2[idx]) + 1e-8);
                }
                gb2 += g * g;
                b -= s.learningRate() * g / (Math.sqrt(gb2) + 1e-8);
            }
        }
        float[] out = new float[d];
        for (int i = 0; i < d; i++) {
            out[i] = (float) w[i];
        }
        return new LogisticModel(out, (float) b);
    }

    public double probability(HashedFeatures.Vector x) {
        double z = bias;
        for (int idx : x.indices()) {
            z += weights[idx] * x.value();
        }
        return sigmoid(z);
    }

    float[] weights() {
        return weights.clone();
    }

    float bias() {
        return bias;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
