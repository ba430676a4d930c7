package org.mlgate.train.robust;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mlgate.core.UsageException;
import org.mlgate.train.model.Model;

/**
 * White-box evasion attacks on one encoded row under {@link TabularConstraints}, in the L∞ ball of radius
 * ε·scale[j] around the clean row. Both follow the sign of the input gradient of the cross-entropy loss
 * ({@link Model#inputGradient}) and project after every step, so every returned row is feasible.
 * <ul>
 *   <li>FGSM (Goodfellow et al. 2015): one step of size ε from the clean row;</li>
 *   <li>PGD (Madry et al. 2018): {@code steps} steps of size {@code stepSize}·scale[j], returning the iterate
 *       with the highest loss seen; from the clean row (deterministic), or, given a {@link RandomGenerator}, from a
 *       uniformly random point of the ε-box, projected onto the constraints (Madry et al.'s random start: the
 *       attack does not always begin where the gradient at the clean row may be masked).</li>
 * </ul>
 * The model's row copies must be current ({@link Model#parametersChanged()}). Not thread-safe per workspace.
 */
public final class Attacks {
    private Attacks() {
    }

    /** FGSM on row {@code row} of {@code x}; returns the adversarial row (a new array). */
    public static float[] fgsm(Model model, float[] x, int row, int label, double eps, TabularConstraints constraints) {
        float[] adv = new float[model.features()];
        fgsm(model, x, row, label, eps, constraints, adv, model.newWorkspace(), new float[model.features()]);
        return adv;
    }

    /** PGD from the clean row on row {@code row} of {@code x}; returns the adversarial row (a new array). */
    public static float[] pgd(Model model, float[] x, int row, int label, double eps, int steps, double stepSize,
                              TabularConstraints constraints) {
        float[] adv = new float[model.features()];
        int f = model.features();
        pgd(model, x, row, label, eps, steps, stepSize, constraints, adv, model.newWorkspace(), new float[f],
                new float[f]);
        return adv;
    }

    /**
     * PGD from a random start drawn from {@code random} (SecureRandom in production) on row {@code row} of
     * {@code x}; returns the adversarial row (a new array).
     */
    public static float[] pgd(Model model, float[] x, int row, int label, double eps, int steps, double stepSize,
                              TabularConstraints constraints, RandomGenerator random) {
        float[] adv = new float[model.features()];
        int f = model.features();
        pgd(model, x, row, label, eps, steps, stepSize, constraints, Objects.requireNonNull(random, "random"), adv,
                model.newWorkspace(), new float[f], new float[f]);
        return adv;
    }

    /** The usual PGD step size 2.5·ε / steps (Madry et al.). */
    public static double defaultStepSize(double eps, int steps) {
        return 2.5 * eps / steps;
    }

    /** FGSM into {@code adv} (length ≥ features), with caller-owned scratch {@code grad} (length ≥ features). */
    public static void fgsm(Model model, float[] x, int row, int label, double eps, TabularConstraints constraints,
                            float[] adv, Model.Workspace ws, float[] grad) {
        check(model, eps, constraints);
        int f = model.features();
        int off = row * f;
        model.inputGradient(x, row, label, grad, ws);
        for (int j = 0; j < f; j++) {
            adv[j] = (float) (x[off + j] + constraints.radius(j, eps) * Math.signum(grad[j]));
        }
        constraints.project(adv, x, off, eps);
    }

    /**
     * PGD from the clean row into {@code adv}, with caller-owned scratch {@code grad} and {@code best} (length ≥
     * features each). Returns the loss of the returned row.
     */
    public static float pgd(Model model, float[] x, int row, int label, double eps, int steps, double stepSize,
                            TabularConstraints constraints, float[] adv, Model.Workspace ws, float[] grad,
                            float[] best) {
        return pgd(model, x, row, label, eps, steps, stepSize, constraints, null, adv, ws, grad, best);
    }

    /**
     * PGD into {@code adv} as {@link #pgd(Model, float[], int, int, double, int, double, TabularConstraints, float[],
     * Model.Workspace, float[], float[])}, starting from a uniformly random point of the ε-box around the clean row
     * (then projected) when {@code random} is not null, from the clean row when it is.
     */
    public static float pgd(Model model, float[] x, int row, int label, double eps, int steps, double stepSize,
                            TabularConstraints constraints, RandomGenerator random, float[] adv, Model.Workspace ws,
                            float[] grad, float[] best) {
        check(model, eps, constraints);
        if (steps < 1) {
            throw new UsageException("PGD needs at least one step, got " + steps);
        }
        if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
            throw new UsageException("PGD step size must be positive and finite, got " + stepSize);
        }
        int f = model.features();
        int off = row * f;
        System.arraycopy(x, off, adv, 0, f);
        if (random != null) {
            for (int j = 0; j < f; j++) {
                double r = constraints.radius(j, eps);
                adv[j] = (float) (adv[j] + r * (2 * random.nextDouble() - 1));
            }
        }
        constraints.project(adv, x, off, eps);
        float bestLoss = Float.NEGATIVE_INFINITY;
        for (int s = 0; s <= steps; s++) {
            float loss = model.inputGradient(adv, 0, label, grad, ws);
            if (loss > bestLoss) {
                bestLoss = loss;
                System.arraycopy(adv, 0, best, 0, f);
            }
            if (s == steps) {
                break;
            }
            for (int j = 0; j < f; j++) {
                adv[j] = (float) (adv[j] + constraints.radius(j, stepSize) * Math.signum(grad[j]));
            }
            constraints.project(adv, x, off, eps);
        }
        System.arraycopy(best, 0, adv, 0, f);
        return bestLoss;
    }

    private static void check(Model model, double eps, TabularConstraints constraints) {
        Objects.requireNonNull(constraints, "constraints");
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new UsageException("epsilon must be a non-negative finite number, got " + eps);
        }
        if (constraints.width() != model.features()) {
            throw new UsageException("constraints cover " + constraints.width() + " columns, the model has "
                    + model.features());
        }
    }
}
