package org.mlgate.train.dpsgd;

/**
 * Deliberate breakage of the mechanism, for tests that prove the audits catch it. Package-private: no public
 * API can build a trainer with anything but {@link #NONE}.
 *
 * @param skipClipping  add gradients unclipped
 * @param noiseFactor   multiply the noise standard deviation (1 = correct)
 * @param extraSteps    try to run this many steps beyond the plan (the budget must refuse them)
 */
record Tampering(boolean skipClipping, double noiseFactor, long extraSteps) {
    static final Tampering NONE = new Tampering(false, 1.0, 0);
}
