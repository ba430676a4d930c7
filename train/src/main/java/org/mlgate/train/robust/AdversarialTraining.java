package org.mlgate.train.robust;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mlgate.core.UsageException;
import org.mlgate.train.model.Model;

/**
 * Adversarial training settings, validated once: a {@code ratio} share of the training examples is replaced by
 * its adversarial version ({@link Attack#FGSM} or {@link Attack#PGD} with {@code steps} steps of size
 * {@code stepSize}) computed against the current model, within radius {@code eps} under {@code constraints}.
 * With {@code randomStart} (PGD only; the default of {@link #pgd}) each attack starts from a uniformly random point
 * of the ε-box, drawn from the trainer's generator (SecureRandom in production), as Madry et al. train.
 *
 * <p><b>Under DP-SGD</b> the replacement is a per-example transformation: the adversarial row depends only on that
 * example, the current model (a function of earlier noisy, already-released steps) and the constraints, and whether
 * an example is attacked is an independent coin per example. Each example's (or user's) gradient is still computed
 * from that example alone and clipped to norm C before the noise is added, so adding or removing one unit changes
 * the clipped sum by at most C, exactly as in plain DP-SGD: the sampling rate, noise multiplier and steps — hence
 * the accounting — are unchanged. (Picking attacked examples by their position in a batch would not be per-example:
 * one unit's presence would change whether others are attacked.) The random start is the same kind of per-example
 * randomness: independent draws used for that example's row only.
 */
public record AdversarialTraining(Attack attack, double eps, int steps, double stepSize, double ratio,
                                  boolean randomStart, TabularConstraints constraints) {
    public enum Attack { FGSM, PGD }

    public static final int MAX_STEPS = 1000;

    public AdversarialTraining {
        Objects.requireNonNull(attack, "attack");
        Objects.requireNonNull(constraints, "constraints");
        if (!(eps > 0) || eps > 1) {
            throw new UsageException("adversarial epsilon must be in (0, 1] (units of the constraints' scale), got "
                    + eps);
        }
        if (attack == Attack.FGSM && steps != 1) {
            throw new UsageException("FGSM takes exactly one step, got " + steps);
        }
        if (steps < 1 || steps > MAX_STEPS) {
            throw new UsageException("adversarial steps must be 1.." + MAX_STEPS + ", got " + steps);
        }
        if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
            throw new UsageException("adversarial step size must be positive and finite, got " + stepSize);
        }
        if (!(ratio > 0 && ratio <= 1)) {
            throw new UsageException("adversarial ratio must be in (0, 1], got " + ratio);
        }
        if (randomStart && attack != Attack.PGD) {
            throw new UsageException("a random start is for PGD; FGSM steps from the clean row");
        }
    }

    /** FGSM at {@code eps} on a {@code ratio} share of the examples. */
    public static AdversarialTraining fgsm(double eps, double ratio, TabularConstraints constraints) {
        return new AdversarialTraining(Attack.FGSM, eps, 1, eps, ratio, false, constraints);
    }

    /** PGD at {@code eps} with {@code steps} steps of the default size 2.5·ε / steps, from a random start. */
    public static AdversarialTraining pgd(double eps, int steps, double ratio, TabularConstraints constraints) {
        return pgd(eps, steps, ratio, true, constraints);
    }

    /** PGD as {@link #pgd(double, int, double, TabularConstraints)}, choosing the start. */
    public static AdversarialTraining pgd(double eps, int steps, double ratio, boolean randomStart,
                                          TabularConstraints constraints) {
        return new AdversarialTraining(Attack.PGD, eps, steps, Attacks.defaultStepSize(eps, steps), ratio,
                randomStart, constraints);
    }

    /**
     * Per-run scratch for computing adversarial rows (one training thread); random starts are drawn from
     * {@code random} (the trainer's generator).
     */
    public Augmenter augmenter(Model model, RandomGenerator random) {
        if (constraints.width() != model.features()) {
            throw new UsageException("adversarial constraints cover " + constraints.width() + " columns, the model has "
                    + model.features());
        }
        return new Augmenter(this, model, Objects.requireNonNull(random, "random"));
    }

    /** Computes adversarial rows for one model with reusable buffers. */
    public static final class Augmenter {
        private final AdversarialTraining config;
        private final Model model;
        private final Model.Workspace ws;
        private final float[] adv;
        private final float[] grad;
        private final float[] best;
        private final RandomGenerator start;

        private Augmenter(AdversarialTraining config, Model model, RandomGenerator random) {
            this.config = config;
            this.model = model;
            this.start = config.randomStart ? random : null;
            this.ws = model.newWorkspace();
            int f = model.features();
            this.adv = new float[f];
            this.grad = new float[f];
            this.best = new float[f];
        }

        /**
         * The adversarial version of row {@code row} as row 0 of the returned buffer (reused: valid until the next
         * call). The model's row copies must be current.
         */
        public float[] attack(float[] x, int row, int label) {
            if (config.attack == Attack.FGSM) {
                Attacks.fgsm(model, x, row, label, config.eps, config.constraints, adv, ws, grad);
            } else {
                Attacks.pgd(model, x, row, label, config.eps, config.steps, config.stepSize, config.constraints,
                        start, adv, ws, grad, best);
            }
            return adv;
        }
    }
}
