package org.mlgate.attack.extraction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.attack.AttackRun;
import org.mlgate.attack.oracle.Answer;
import org.mlgate.attack.oracle.AttackerData;
import org.mlgate.attack.oracle.InputSpace;
import org.mlgate.attack.oracle.ObservedOutput;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.IncompleteException;
import org.mlgate.train.metrics.Evaluation;
import org.mlgate.train.metrics.Metrics;
import org.mlgate.train.model.Model;

/**
 * Model extraction against one target. The method follows what the target shows (or {@code --method}):
 * <ul>
 *   <li>full-precision scores: equation solving (Tramèr et al. 2016): log(p_c/p_0) is linear in the encoded input
 *       for a logistic model, so {@link LinearDesign#columns} ≤ d + 1 chosen rows determine it exactly;</li>
 *   <li>rounded scores: weighted least squares on the log-ratios of a uniform pool (the whole budget);</li>
 *   <li>labels or bins only: a surrogate trained on answered labels, with adaptive retraining: each later round
 *       queries the pool points the current surrogate is least sure about (Tramèr et al.'s retraining).</li>
 * </ul>
 * Then the target labels {@code evalPoints} uniform rows (eval queries) and fidelity is the surrogate's agreement.
 */
public final class Extraction {
    static final double FLOAT_FLOOR = 1e-7;

    private final Target target;
    private final ExtractionOptions options;
    private final Queries queries;
    private final InputSpace space;
    private final RandomGenerator random;
    private final List<ExtractionResult.CurvePoint> curve = new ArrayList<>();
    private final List<Snapshot> snapshots = new ArrayList<>();
    private String observed;
    /** The first identifying row and its answer, when asked: reused by whichever method follows. */
    private final List<Map<String, Object>> probeRows = new ArrayList<>();
    private final List<Answer> probeAnswers = new ArrayList<>();

    /** The attacker pool not yet queried (shuffled once), when {@code --attacker-data} gives one. */
    private final List<Map<String, Object>> poolLeft;

    private record Snapshot(long queries, Model model) { }

    /**
     * The extracted model (null when none could be built) and the run's figures; {@code agreement} is the model's
     * accuracy, AUCs and Brier score measured against the target's answers on the fidelity rows (null without a
     * model), what a saved package's card reports.
     */
    public record Outcome(ExtractionResult result, Model model, InputSpace space, Evaluation agreement) { }

    private Extraction(Target target, ExtractionOptions options, Queries queries) {
        this.target = target;
        this.options = options;
        this.queries = queries;
        this.space = target.space();
        this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(options.seed());
        if (options.attackerPool() != null) {
            poolLeft = new ArrayList<>(options.attackerPool().rows());
            java.util.Collections.shuffle(poolLeft, random);
        } else {
            poolLeft = null;
        }
    }

    /** {@code n} fresh query rows: uniform in the public ranges, or the next rows of the attacker pool (fewer when it runs out). */
    private List<Map<String, Object>> draw(int n) {
        if (poolLeft == null) {
            return space.uniform(random, n);
        }
        List<Map<String, Object>> head = poolLeft.subList(0, Math.min(n, poolLeft.size()));
        List<Map<String, Object>> out = List.copyOf(head);
        head.clear();
        return out;
    }

    public static Outcome run(Target target, ExtractionOptions options, Queries queries) {
        return new Extraction(target, options, queries).run();
    }

    private Outcome run() {
        // the eval points are drawn first, from their own stream, so the attack's choices never depend on them
        List<Map<String, Object>> evalRows = space.uniform(
                RandomGeneratorFactory.of("L64X128MixRandom").create(~options.seed()), options.evalPoints());
        ExtractionOptions.Method method = options.method();
        Model model = null;
        if (method == ExtractionOptions.Method.AUTO || method == ExtractionOptions.Method.EQUATION_SOLVING) {
            LinearDesign design = new LinearDesign(space);
            List<Map<String, Object>> rows = design.identifyingRows();
            List<Answer> first = queries.ask(rows.subList(0, 1));
            if (!first.isEmpty()) {
                probeRows.add(rows.getFirst());
                probeAnswers.addAll(first);
                observed = ObservedOutput.probe(target, queries, rows.getFirst(), first.getFirst());
                if (method == ExtractionOptions.Method.AUTO) {
                    // noisy, perturbed or partial scores break the linear equations: learn from the labels instead
                    method = observed.equals(ObservedOutput.RAW) ? ExtractionOptions.Method.EQUATION_SOLVING
                            : observed.startsWith("rounded:") ? ExtractionOptions.Method.LEAST_SQUARES
                            : ExtractionOptions.Method.SURROGATE;
                }
                if (method == ExtractionOptions.Method.EQUATION_SOLVING) {
                    model = equationSolving(design, rows, first);
                }
            }
        }
        if (method == ExtractionOptions.Method.LEAST_SQUARES) {
            model = leastSquares();
        } else if (method == ExtractionOptions.Method.SURROGATE) {
            model = surrogate();
        } else if (method == ExtractionOptions.Method.LINE_SEARCH) {
            model = lineSearch();
        }
        return finish(method, model, evalRows);
    }

    /** What the answers reveal by their shape ({@link ObservedOutput#ofAnswers}). */
    public static String observe(List<Answer> answers) {
        return ObservedOutput.ofAnswers(answers);
    }

    private double floor() {
        return observed != null && observed.startsWith("rounded:")
                ? 0.5 * Math.pow(10, -Integer.parseInt(observed.substring("rounded:".length()))) : FLOAT_FLOOR;
    }

    private Model equationSolving(LinearDesign design, List<Map<String, Object>> rows, List<Answer> first) {
        List<Answer> answers = new ArrayList<>(first);
        answers.addAll(queries.ask(rows.subList(1, rows.size())));
        if (answers.size() < rows.size() || answers.stream().anyMatch(a -> !a.hasScores())) {
            return null; // stopped before the system was complete, or no scores to solve with
        }
        List<double[]> z = rows.stream().map(r -> design.row(space.encode(r))).toList();
        Model m = design.model(LogRatioFit.fit(z, answers.stream().map(Answer::probabilities).toList(), floor(),
                false));
        snapshots.add(new Snapshot(queries.used(), m));
        return m;
    }

    private Model leastSquares() {
        LinearDesign design = new LinearDesign(space);
        List<Map<String, Object>> rows = new ArrayList<>(probeRows);
        rows.addAll(draw((int) Math.min(Integer.MAX_VALUE - 8, queries.remaining())));
        List<Answer> answers = new ArrayList<>(probeAnswers);
        answers.addAll(queries.ask(rows.subList(probeRows.size(), rows.size())));
        if (answers.size() < design.columns() || answers.stream().anyMatch(a -> !a.hasScores())) {
            return null;
        }
        if (observed == null || ObservedOutput.precise(observed)) {
            observed = ObservedOutput.of(target, answers); // the rounding step is read from every answer
        }
        List<double[]> z = rows.subList(0, answers.size()).stream().map(r -> design.row(space.encode(r))).toList();
        Model m = design.model(LogRatioFit.fit(z, answers.stream().map(Answer::probabilities).toList(), floor(),
                true));
        snapshots.add(new Snapshot(queries.used(), m));
        return m;
    }

    private Model surrogate() {
        int width = space.width();
        int k = space.classes().size();
        long total = queries.remaining();
        int rounds = (int) Math.min(options.rounds(), Math.max(1, total / 10));
        List<Map<String, Object>> pool = new ArrayList<>(probeRows);
        List<Integer> labels = new ArrayList<>(probeAnswers.stream().map(this::classOf).toList());
        Model m = null;
        for (int round = 0; round < rounds && queries.stopped() == null; round++) {
            int n = (int) (total * (round + 1) / rounds - total * round / rounds);
            List<Map<String, Object>> batch = m == null ? draw(n) : uncertain(m, n);
            if (batch.isEmpty()) {
                break; // the attacker pool is spent
            }
            List<Answer> answers = queries.ask(batch);
            if (observed == null && !answers.isEmpty()) {
                observed = ObservedOutput.of(target, answers);
            }
            for (int i = 0; i < answers.size(); i++) {
                pool.add(batch.get(i));
                labels.add(classOf(answers.get(i)));
            }
            if (pool.isEmpty()) {
                break;
            }
            m = SurrogateTrainer.train(space.encodeAll(pool), labels.stream().mapToInt(Integer::intValue).toArray(),
                    pool.size(), width, k, options.surrogate(), random.nextLong());
            snapshots.add(new Snapshot(queries.used(), m));
        }
        return m;
    }

    /** Lowd–Meek line search: binary targets only (the boundary of a linear two-class model). */
    private Model lineSearch() {
        if (space.classes().size() != 2) {
            throw new org.mlgate.core.UsageException("--method line-search extracts a two-class linear model; the "
                    + "target has " + space.classes().size() + " classes");
        }
        LineSearch ls = new LineSearch(space, queries, () -> {
            List<Map<String, Object>> r = draw(1);
            return r.isEmpty() ? space.uniform(random) : r.getFirst();
        }, random);
        // observed_output stays unset: the method reads labels only, whatever else the answers show
        return ls.run((model, points) -> snapshots.add(new Snapshot(queries.used(), model)), this::classOf);
    }

    private int classOf(Answer a) {
        int c = space.classIndex(a.label());
        if (c < 0) {
            throw new IncompleteException(target.oracle().describe() + " answered the label '" + a.label()
                    + "', which is not among the public classes " + space.classes());
        }
        return c;
    }

    /**
     * The {@code n} of 20·n candidates the surrogate is least sure of (smallest top-two margin): uniform candidates,
     * or the first 20·n rows of the pool not yet queried (those chosen leave the pool).
     */
    private List<Map<String, Object>> uncertain(Model m, int n) {
        List<Map<String, Object>> candidates = poolLeft == null ? space.uniform(random, n * 20)
                : poolLeft.subList(0, Math.min(poolLeft.size(), n * 20));
        double[] margin = margins(m, candidates);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> margin[i]));
        List<Integer> chosen = order.subList(0, Math.min(n, order.size()));
        List<Map<String, Object>> out = chosen.stream().map(candidates::get).toList();
        if (poolLeft != null) {
            java.util.Set<Integer> taken = new java.util.HashSet<>(chosen);
            List<Map<String, Object>> kept = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                if (!taken.contains(i)) {
                    kept.add(candidates.get(i));
                }
            }
            candidates.clear();
            candidates.addAll(kept); // a view of the pool's head: the chosen rows leave it
        }
        return out;
    }

    private double[] margins(Model m, List<Map<String, Object>> rows) {
        int k = space.classes().size();
        float[] p = m.predictProbabilities(space.encodeAll(rows), rows.size());
        double[] out = new double[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            double a = -1;
            double b = -1;
            for (int c = 0; c < k; c++) {
                double v = p[r * k + c];
                if (v > a) {
                    b = a;
                    a = v;
                } else if (v > b) {
                    b = v;
                }
            }
            out[r] = a - b;
        }
        return out;
    }

    static int[] predictedClasses(Model m, InputSpace space, List<Map<String, Object>> rows) {
        int k = space.classes().size();
        float[] p = m.predictProbabilities(space.encodeAll(rows), rows.size());
        int[] out = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (p[r * k + c] > p[r * k + best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    private Outcome finish(ExtractionOptions.Method method, Model model, List<Map<String, Object>> evalRows) {
        Double fidelity = null;
        Double uniform = null;
        Double baseline = null;
        Evaluation agreement = null;
        long evalPoints = 0;
        Long evalDataRows = null;
        if (model != null) {
            List<Answer> truth = queries.askForEvaluation(evalRows);
            evalPoints = truth.size();
            List<Map<String, Object>> rows = evalRows.subList(0, truth.size());
            if (!truth.isEmpty()) {
                uniform = agreement(model, rows, labelsOf(truth));
            }
            if (options.evalData() != null) {
                truth = queries.askForEvaluation(options.evalData().rows());
                rows = options.evalData().rows().subList(0, truth.size());
                evalDataRows = (long) truth.size();
            }
            if (!truth.isEmpty()) {
                int[] want = labelsOf(truth);
                for (Snapshot s : snapshots) {
                    curve.add(new ExtractionResult.CurvePoint(s.queries(), agreement(s.model(), rows, want)));
                }
                fidelity = curve.getLast().fidelity();
                int[] counts = new int[space.classes().size()];
                for (int c : want) {
                    counts[c]++;
                }
                baseline = (double) java.util.Arrays.stream(counts).max().orElse(0) / want.length;
                agreement = Metrics.evaluate(want, model.predictProbabilities(space.encodeAll(rows), rows.size()),
                        space.classes().size());
            }
        }
        AttackRun run = AttackRun.of("extraction", method.id(), target, observed, queries, options.seed());
        AttackerData pool = options.attackerPool();
        ExtractionResult r = new ExtractionResult(run, fidelity, uniform, baseline, evalPoints,
                options.evalData() == null ? null : options.evalData().file(), evalDataRows,
                pool == null ? "uniform" : pool.file(), pool == null ? null : (long) pool.rows().size(), curve, null);
        return new Outcome(r, model, space, agreement);
    }

    private int[] labelsOf(List<Answer> answers) {
        return answers.stream().mapToInt(this::classOf).toArray();
    }

    private double agreement(Model m, List<Map<String, Object>> rows, int[] want) {
        int[] got = predictedClasses(m, space, rows);
        int same = 0;
        for (int i = 0; i < want.length; i++) {
            same += got[i] == want[i] ? 1 : 0;
        }
        return (double) same / want.length;
    }
}
