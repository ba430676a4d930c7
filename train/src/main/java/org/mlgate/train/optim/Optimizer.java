package org.mlgate.train.optim;

/** Updates parameters in place from a gradient. One instance per training run (it keeps state). */
public sealed interface Optimizer permits Sgd, Adam {
    void step(float[] parameters, float[] gradient);
}
