package org.mlgate.train.robust;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mlgate.core.UsageException;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;

/**
 * Accuracy of a model on clean rows and under a PGD attack (each row attacked with its true label; a row counts
 * as robust if the attacked row is still classified correctly). Without restarts deterministic (PGD from the clean
 * row); with restarts, PGD from the clean row and then from {@code restarts} random starts, and a row is robust only
 * if every attempt fails (a stronger attack, so the figure can only go down).
 */
public final class RobustEvaluation {
    public static final int MAX_RESTARTS = 100;

    private RobustEvaluation() {
    }

    /** Clean accuracy (arg-max of the probabilities, ties to the lower class). */
    public static double accuracy(Model model, TrainingData data) {
        model.parametersChanged();
        Model.Workspace ws = model.newWorkspace();
        float[] p = new float[Math.max(2, model.classes())];
        int correct = 0;
        for (int r = 0; r < data.rows(); r++) {
            model.probabilities(data.x(), r, p, ws);
            correct += argMax(p, model.classes()) == data.y()[r] ? 1 : 0;
        }
        return (double) correct / data.rows();
    }

    /** PGD accuracy with free columns in encoded units and the default step size 2.5·ε / steps. */
    public static double pgdAccuracy(Model model, TrainingData data, double eps, int steps) {
        return pgdAccuracy(model, data, eps, steps, TabularConstraints.free(data.features()));
    }

    /** PGD accuracy under {@code constraints}, step size 2.5·ε / steps, from the clean row only. */
    public static double pgdAccuracy(Model model, TrainingData data, double eps, int steps,
                                     TabularConstraints constraints) {
        return attack(model, data, eps, steps, constraints, 0, null);
    }

    /**
     * PGD accuracy under {@code constraints}, step size 2.5·ε / steps, from the clean row and {@code restarts}
     * random starts drawn from {@code random} (SecureRandom in production); a row is robust only if all attempts
     * fail.
     */
    public static double pgdAccuracy(Model model, TrainingData data, double eps, int steps,
                                     TabularConstraints constraints, int restarts, RandomGenerator random) {
        if (restarts < 0 || restarts > MAX_RESTARTS) {
            throw new UsageException("PGD restarts must be 0.." + MAX_RESTARTS + ", got " + restarts);
        }
        return attack(model, data, eps, steps, constraints, restarts, Objects.requireNonNull(random, "random"));
    }

    private static double attack(Model model, TrainingData data, double eps, int steps,
                                 TabularConstraints constraints, int restarts, RandomGenerator random) {
        model.parametersChanged();
        int f = model.features();
        Model.Workspace ws = model.newWorkspace();
        float[] adv = new float[f];
        float[] grad = new float[f];
        float[] best = new float[f];
        float[] p = new float[Math.max(2, model.classes())];
        double step = Attacks.defaultStepSize(eps, steps);
        int correct = 0;
        for (int r = 0; r < data.rows(); r++) {
            int label = data.y()[r];
            boolean robust = true;
            for (int attempt = 0; robust && attempt <= (eps > 0 ? restarts : 0); attempt++) {
                if (eps > 0) {
                    Attacks.pgd(model, data.x(), r, label, eps, steps, step, constraints, attempt == 0 ? null : random,
                            adv, ws, grad, best);
                } else {
                    System.arraycopy(data.x(), r * f, adv, 0, f);
                }
                model.probabilities(adv, 0, p, ws);
                robust = argMax(p, model.classes()) == label;
            }
            correct += robust ? 1 : 0;
        }
        return (double) correct / data.rows();
    }

    static int argMax(float[] p, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }
}
