package org.mlgate.attack.inversion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.mlgate.core.UsageException;
import org.mlgate.train.data.Feature;
import org.mlgate.train.pkg.Predictor;

/**
 * Attribute inference by black-box optimisation of the input against precise scores: for a numeric hidden feature,
 * the attacker minimises ‖p(record with hidden = t) − p_observed‖² over t in the feature's encoded [0, 1] range.
 * Each step is a Gauss–Newton step on that residual with a central finite difference: the scores at t ± h give the
 * slope J and (their mean) the scores at t, and t moves by −J·r / J·J (at most {@link #MAX_MOVE}, kept in [0, 1]).
 * A record stops when its move is below {@link #TOLERANCE} or the scores do not move with t (then nothing is learnt
 * and the estimate stays the prior's). It starts from the prior-only estimate, which is also the baseline, so a model
 * that ignores the feature gives an advantage of exactly 0.
 *
 * <p>Against the target every finite-difference row is an attack query (two per step and record, plus the observed
 * answer). With a surrogate (a package {@code attack extraction --save-model} wrote) the steps run on the local copy:
 * the target is asked only for the observed answers.
 */
public final class ScoreOptimization {
    /** Finite-difference half-width on the target, in encoded units: above float-score noise, below curvature. */
    static final double TARGET_H = 1e-3;
    /** On a local surrogate the scores are exact doubles: a finer difference costs nothing. */
    static final double SURROGATE_H = 1e-5;
    static final double TOLERANCE = 1e-4;
    static final double MAX_MOVE = 0.25;
    static final double FLAT = 1e-12;

    private ScoreOptimization() {
    }

    /**
     * @param steps     at most this many Gauss–Newton steps per record
     * @param surrogate the extracted local copy to optimise on, or null to query the target for every step
     */
    public static InversionResult run(Target target, AttackerData known, String hidden, AttackerData prior,
                                      int maxRecords, int grid, int steps, Predictor surrogate, Queries queries,
                                      long seed) {
        InputSpace space = target.space();
        Feature f = Inversion.check(space, hidden, grid, maxRecords);
        if (!(f instanceof Feature.Numeric feature)) {
            throw new UsageException("--method optimize recovers numeric features; " + hidden + " is categorical "
                    + "(use --method score-matching)");
        }
        if (steps < 1 || steps > 200) {
            throw new UsageException("--steps must be between 1 and 200, got " + steps);
        }
        if (surrogate != null) {
            checkSurrogate(surrogate, space, feature);
        }
        Candidates cands = Candidates.of(feature, grid, prior);
        int baseline = cands.estimate(cands.prior());
        double start = cands.encoded()[baseline];
        int perRecord = surrogate == null ? 1 + 2 * steps : 1;
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        int n = (int) Math.min(Math.min(maxRecords, known.rows().size()), queries.remaining() / perRecord);
        if (n < 1) {
            throw new UsageException("--method optimize needs up to " + perRecord + " queries per record (the record"
                    + (surrogate == null ? ", then 2 per step for " + steps + " steps" : "") + "); the budget allows "
                    + queries.remaining());
        }
        List<Map<String, Object>> records = Inversion.sample(known.rows(), n, random);
        List<Answer> observedAnswers = queries.ask(records);
        int done = observedAnswers.size();
        String observed = done == 0 ? null
                : ObservedOutput.of(target, observedAnswers.subList(0, Math.min(done, 50)));
        if (done > 0 && observedAnswers.stream().anyMatch(a -> !a.hasScores())) {
            throw new UsageException("--method optimize needs the target's scores; it answers " + observed
                    + " (use --method score-matching, which also works on labels)");
        }
        double h = surrogate == null ? TARGET_H : SURROGATE_H;
        double[] t = new double[done];
        java.util.Arrays.fill(t, start);
        boolean[] active = new boolean[done];
        java.util.Arrays.fill(active, true);
        for (int step = 0; step < steps; step++) {
            List<Integer> live = new ArrayList<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < done; i++) {
                if (active[i]) {
                    live.add(i);
                    rows.add(with(records.get(i), feature, Math.max(0, t[i] - h)));
                    rows.add(with(records.get(i), feature, Math.min(1, t[i] + h)));
                }
            }
            if (live.isEmpty()) {
                break;
            }
            List<double[]> p = surrogate != null ? surrogate.predict(rows)
                    : queries.ask(rows).stream().map(Answer::probabilities).toList();
            for (int j = 0; j + 1 < p.size(); j += 2) {
                int i = live.get(j / 2);
                double lo = Math.max(0, t[i] - h);
                double hi = Math.min(1, t[i] + h);
                double[] obs = observedAnswers.get(i).probabilities();
                double jr = 0;
                double jj = 0;
                for (int c = 0; c < obs.length; c++) {
                    double slope = (p.get(j + 1)[c] - p.get(j)[c]) / (hi - lo);
                    double residual = (p.get(j + 1)[c] + p.get(j)[c]) / 2 - obs[c];
                    jr += slope * residual;
                    jj += slope * slope;
                }
                if (jj < FLAT) {
                    active[i] = false; // the scores do not move with the feature here: nothing to follow
                    continue;
                }
                double move = Math.max(-MAX_MOVE, Math.min(MAX_MOVE, -jr / jj));
                double next = Math.max(0, Math.min(1, t[i] + move));
                active[i] = Math.abs(next - t[i]) >= TOLERANCE;
                t[i] = next;
            }
            if (p.size() < rows.size()) {
                break; // the target stopped answering: keep the estimates reached
            }
        }
        AttackRun run = AttackRun.of("inversion", surrogate == null ? "optimize" : "optimize-surrogate", target,
                observed, queries, seed);
        String priorName = prior == null ? "uniform" : prior.file();
        if (done == 0) {
            return new InversionResult(run, hidden, "numeric", priorName, 0, perRecord, null, null, null, null, null,
                    null, null, null);
        }
        double[] errors = new double[done];
        double[] baseErrors = new double[done];
        double[] rawErrors = new double[done];
        double[] baseRawErrors = new double[done];
        for (int i = 0; i < done; i++) {
            double truth = ((Number) records.get(i).get(hidden)).doubleValue();
            errors[i] = Math.abs(t[i] - feature.encode(truth));
            baseErrors[i] = cands.error(baseline, truth);
            rawErrors[i] = Math.abs(InputSpace.decode(feature, t[i])
                    - Math.min(feature.max(), Math.max(feature.min(), truth)));
            baseRawErrors[i] = cands.rawError(baseline, truth);
        }
        double err = Inversion.mean(errors);
        double base = Inversion.mean(baseErrors);
        double[] ci = Inversion.advantageInterval(errors, baseErrors, false, random);
        int used = (int) Math.ceil((double) queries.used() / done);
        return new InversionResult(run, hidden, "numeric", priorName, done, used,
                Inversion.advantage(err, base, false), List.of(ci[0], ci[1]), null, null, err, base,
                Inversion.mean(rawErrors), Inversion.mean(baseRawErrors));
    }

    private static Map<String, Object> with(Map<String, Object> record, Feature.Numeric feature, double encoded) {
        Map<String, Object> r = new LinkedHashMap<>(record);
        r.put(feature.name(), InputSpace.decode(feature, encoded));
        return r;
    }

    /** The surrogate must read the target's rows and name the classes in the target's order. */
    private static void checkSurrogate(Predictor surrogate, InputSpace space, Feature.Numeric feature) {
        if (!surrogate.classes().equals(space.classes())) {
            throw new UsageException("--surrogate: its classes " + surrogate.classes() + " are not the target's "
                    + space.classes());
        }
        boolean has = surrogate.schema().features().stream()
                .anyMatch(g -> g.name().equals(feature.name()) && g instanceof Feature.Numeric);
        if (!has) {
            throw new UsageException("--surrogate: it has no numeric feature " + feature.name()
                    + " (a package 'mlgate attack extraction --save-model' wrote for this target)");
        }
    }
}
