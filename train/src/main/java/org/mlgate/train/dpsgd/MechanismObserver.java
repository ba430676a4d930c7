package org.mlgate.train.dpsgd;

/**
 * Audit hook into the DP-SGD mechanism: sees every unit's gradient norm and clipping factor and every noise
 * vector. It receives private values in the clear, so it exists for tests and audits only — never attach one
 * in production.
 */
public interface MechanismObserver {
    MechanismObserver NONE = new MechanismObserver() { };

    /** A unit's (row's or user's) gradient had L2 norm {@code norm} and was scaled by {@code factor}. */
    default void unit(double norm, double factor) {
    }

    /** The noise vector just added to the clipped sum (do not keep the array: it is reused). */
    default void noise(float[] noise) {
    }
}
