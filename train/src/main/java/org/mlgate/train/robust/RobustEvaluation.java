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
        return share(correctRows(model, data));
    }

    /** Which rows the model classifies correctly, clean. */
    public static boolean[] correctRows(Model model, TrainingData data) {
        return rows(model, data, 0, 1, TabularConstraints.free(data.features()), 0, null);
    }

    /**
     * Which rows stay correctly classified under PGD ({@code restarts} random starts after the clean one, drawn from
     * {@code random}; a row is robust only if every attempt fails).
     */
    public static boolean[] robustRows(Model model, TrainingData data, double eps, int steps,
                                       TabularConstraints constraints, int restarts, RandomGenerator random) {
        checkRestarts(restarts);
        return rows(model, data, eps, steps, constraints, restarts, restarts == 0 ? random
                : Objects.requireNonNull(random, "random"));
    }

    /** The share of true values. */
    public static double share(boolean[] ok) {
        int n = 0;
        for (boolean b : ok) {
            n += b ? 1 : 0;
        }
        return ok.length == 0 ? Double.NaN : (double) n / ok.length;
    }

    /**
     * The share of true values among the rows of each class (the robust recall of a class: for fraud, the share of
     * fraud still caught under attack); NaN for a class with no rows.
     */
    public static double[] shareByClass(boolean[] ok, int[] y, int classes) {
        double[] hit = new double[classes];
        double[] all = new double[classes];
        for (int r = 0; r < ok.length; r++) {
            all[y[r]]++;
            hit[y[r]] += ok[r] ? 1 : 0;
        }
        for (int k = 0; k < classes; k++) {
            hit[k] = all[k] == 0 ? Double.NaN : hit[k] / all[k];
        }
        return hit;
    }

    /** PGD accuracy with free columns in encoded units and the default step size 2.5·ε / steps. */
    public static double pgdAccuracy(Model model, TrainingData data, double eps, int steps) {
        return pgdAccuracy(model, data, eps, steps, TabularConstraints.free(data.features()));
    }

    /** PGD accuracy under {@code constraints}, step size 2.5·ε / steps, from the clean row only. */
    public static double pgdAccuracy(Model model, TrainingData data, double eps, int steps,
                                     TabularConstraints constraints) {
        return share(rows(model, data, eps, steps, constraints, 0, null));
    }

    /**
     * PGD accuracy under {@code constraints}, step size 2.5·ε / steps, from the clean row and {@code restarts}
     * random starts drawn from {@code random} (SecureRandom in production); a row is robust only if all attempts
     * fail.
     */
    public static double pgdAccuracy(Model model, TrainingData data, double eps, int steps,
                                     TabularConstraints constraints, int restarts, RandomGenerator random) {
        checkRestarts(restarts);
        return share(rows(model, data, eps, steps, constraints, restarts, Objects.requireNonNull(random, "random")));
    }

    private static void checkRestarts(int restarts) {
        if (restarts < 0 || restarts > MAX_RESTARTS) {
            throw new UsageException("PGD restarts must be 0.." + MAX_RESTARTS + ", got " + restarts);
        }
    }

    private static boolean[] rows(Model model, TrainingData data, double eps, int steps,
                                 TabularConstraints constraints, int restarts, RandomGenerator random) {
        model.parametersChanged();
        int f = model.features();
        Model.Workspace ws = model.newWorkspace();
        float[] adv = new float[f];
        float[] grad = new float[f];
        float[] best = new float[f];
        float[] p = new float[Math.max(2, model.classes())];
        double step = Attacks.defaultStepSize(eps, steps);
        boolean[] ok = new boolean[data.rows()];
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
            ok[r] = robust;
        }
        return ok;
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
