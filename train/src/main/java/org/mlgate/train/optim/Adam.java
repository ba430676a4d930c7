package org.mlgate.train.optim;

/** Adam: first and second moment estimates with bias correction (Kingma and Ba 2015, Algorithm 1). */
public final class Adam implements Optimizer {
    private final double lr;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float[] m;
    private final float[] v;
    private long t;

    Adam(OptimizerConfig.AdamConfig config, int parameters) {
        this.lr = config.learningRate();
        this.beta1 = (float) config.beta1();
        this.beta2 = (float) config.beta2();
        this.eps = (float) config.epsilon();
        this.m = new float[parameters];
        this.v = new float[parameters];
    }

    @Override
    public void step(float[] p, float[] g) {
        t++;
        float c1 = (float) (lr / (1 - Math.pow(beta1, t)));
        float c2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, t)));
        float b1 = beta1;
        float b2 = beta2;
        for (int i = 0; i < p.length; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + (1 - b1) * gi;
            float vi = b2 * v[i] + (1 - b2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] -= c1 * mi / ((float) Math.sqrt(vi) * c2 + eps);
        }
    }
}
