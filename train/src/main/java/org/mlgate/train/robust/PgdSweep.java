package org.mlgate.train.robust;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mlgate.core.UsageException;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;

/**
 * Robust accuracy at several radii, validated once: PGD with {@code steps} steps of 2.5·ε / steps from the clean row
 * plus {@code restarts} random starts (a row is robust only if every attempt fails), at each ε of {@code epsilons}
 * (in the units of the constraints' scale). What {@code mlgate evaluate --robustness} prints and the model card's
 * robustness section holds.
 */
public record PgdSweep(List<Double> epsilons, int steps, int restarts) {
    public static final List<Double> DEFAULT_EPSILONS = List.of(0.05, 0.1, 0.2);
    /** As in the module README's measured table. */
    public static final int DEFAULT_STEPS = 20;
    public static final int DEFAULT_RESTARTS = 1;
    static final int MAX_EPSILONS = 20;

    public PgdSweep {
        epsilons = List.copyOf(Objects.requireNonNull(epsilons, "epsilons"));
        if (epsilons.isEmpty() || epsilons.size() > MAX_EPSILONS) {
            throw new UsageException("give 1 to " + MAX_EPSILONS + " PGD radii, got " + epsilons.size());
        }
        for (double e : epsilons) {
            if (!(e > 0 && e <= 1)) {
                throw new UsageException("PGD epsilon must be in (0, 1], got " + e);
            }
        }
        if (steps < 1 || steps > AdversarialTraining.MAX_STEPS) {
            throw new UsageException("PGD steps must be 1.." + AdversarialTraining.MAX_STEPS + ", got " + steps);
        }
        if (restarts < 0 || restarts > RobustEvaluation.MAX_RESTARTS) {
            throw new UsageException("PGD restarts must be 0.." + RobustEvaluation.MAX_RESTARTS + ", got " + restarts);
        }
    }

    public static PgdSweep defaults() {
        return new PgdSweep(DEFAULT_EPSILONS, DEFAULT_STEPS, DEFAULT_RESTARTS);
    }

    /**
     * Accuracy under PGD at one radius, overall and per class ({@code class_accuracy[k]}: the share of class k's rows
     * still classified as k — for a fraud model, the fraud still caught under attack; null for a class with no rows).
     */
    public record Point(@JsonProperty("epsilon") double epsilon, @JsonProperty("accuracy") double accuracy,
                        @JsonProperty("class_accuracy") List<Double> classAccuracy) { }

    /** Clean accuracy (overall and per class) and one point per radius, in the order given. */
    public record Result(double cleanAccuracy, List<Double> cleanClassAccuracy, List<Point> points) { }

    /** Measures {@code model} on {@code data}; random starts from {@code random} (SecureRandom in production). */
    public Result run(Model model, TrainingData data, TabularConstraints constraints, RandomGenerator random) {
        List<Point> points = new ArrayList<>();
        for (double eps : epsilons) {
            boolean[] ok = RobustEvaluation.robustRows(model, data, eps, steps, constraints, restarts, random);
            points.add(new Point(eps, RobustEvaluation.share(ok), byClass(ok, data)));
        }
        boolean[] clean = RobustEvaluation.correctRows(model, data);
        return new Result(RobustEvaluation.share(clean), byClass(clean, data), List.copyOf(points));
    }

    private static List<Double> byClass(boolean[] ok, TrainingData data) {
        List<Double> out = new ArrayList<>();
        for (double v : RobustEvaluation.shareByClass(ok, data.y(), data.classes())) {
            out.add(Double.isNaN(v) ? null : v);
        }
        return java.util.Collections.unmodifiableList(out);
    }
}
