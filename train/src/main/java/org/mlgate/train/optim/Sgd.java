package org.mlgate.train.optim;

/** θ ← θ − lr·v with v ← μ·v + g (μ = 0: plain SGD). */
public final class Sgd implements Optimizer {
    private final float lr;
    private final float momentum;
    private final float[] velocity;

    Sgd(OptimizerConfig.SgdConfig config, int parameters) {
        this.lr = (float) config.learningRate();
        this.momentum = (float) config.momentum();
        this.velocity = momentum > 0 ? new float[parameters] : null;
    }

    @Override
    public void step(float[] p, float[] g) {
        if (velocity == null) {
            for (int i = 0; i < p.length; i++) {
                p[i] -= lr * g[i];
            }
            return;
        }
        for (int i = 0; i < p.length; i++) {
            float v = momentum * velocity[i] + g[i];
            velocity[i] = v;
            p[i] -= lr * v;
        }
    }
}
