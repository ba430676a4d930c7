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

/**
 * Attribute inference by score matching against a prior (Fredrikson et al. 2014): the attacker knows a record
 * except one input feature and sees the target's answer for the full record. For every candidate value of the
 * hidden feature (each category; for a number, the midpoints of {@code grid} equal bins of its encoded [0, 1]
 * range) it asks the target about the record with that value, and weighs the candidate by its prior probability
 * times how well its answer matches the observed one: a Gaussian in the distance between score vectors (width half
 * the rounding step for rounded scores, {@link #RAW_WIDTH} for full-precision ones) or, on labels alone, 1 for the
 * same label and {@link #LABEL_MISMATCH} otherwise. The estimate is the posterior mode (categories) or median
 * (numbers, which minimises the absolute error). The baseline estimates from the prior alone — the same rule with
 * every likelihood equal — so {@code advantage} is what the answers add.
 *
 * <p>The prior is the hidden column of {@code --attacker-data} (counts, plus one half per candidate so nothing is
 * impossible) or, without it, uniform over the categories or the encoded range. Each record costs
 * {@code 1 + candidates} attack queries; records that do not fit the budget are not attacked.
 */
public final class Inversion {
    static final double RAW_WIDTH = 1e-4;
    static final double LABEL_MISMATCH = 1e-2;
    static final int BOOTSTRAP = 1000;

    private Inversion() {
    }

    /**
     * @param known    records with their true hidden value (the value is hidden from the attack and used only to
     *                 score it)
     * @param prior    the attacker's rows for the prior, or null for a uniform prior
     * @param maxRecords at most this many records are attacked (seeded sample)
     */
    public static InversionResult run(Target target, AttackerData known, String hidden, AttackerData prior,
                                      int maxRecords, int grid, Queries queries, long seed) {
        InputSpace space = target.space();
        Feature feature = check(space, hidden, grid, maxRecords);
        Candidates cands = Candidates.of(feature, grid, prior);
        int k = cands.values().size();
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        int n = (int) Math.min(Math.min(maxRecords, known.rows().size()), queries.remaining() / (k + 1));
        if (n < 1) {
            throw new UsageException("attribute inference needs " + (k + 1) + " queries per record (the record, then "
                    + k + " candidates for " + hidden + "); the budget allows " + queries.remaining());
        }
        List<Map<String, Object>> records = sample(known.rows(), n, random);
        List<Map<String, Object>> rows = new ArrayList<>(n * (k + 1));
        for (Map<String, Object> r : records) {
            rows.add(r);
            for (Object v : cands.values()) {
                Map<String, Object> c = new LinkedHashMap<>(r);
                c.put(hidden, v);
                rows.add(c);
            }
        }
        List<Answer> answers = queries.ask(rows);
        int done = answers.size() / (k + 1);
        boolean scores = !answers.isEmpty() && answers.stream().allMatch(Answer::hasScores);
        String observed = answers.isEmpty() ? null : ObservedOutput.of(target, answers.subList(0, Math.min(answers.size(),
                50)));
        double width = observed != null && observed.startsWith("rounded:")
                ? 0.5 * Math.pow(10, -Integer.parseInt(observed.substring("rounded:".length()))) : RAW_WIDTH;
        double[] errors = new double[done];
        double[] baseErrors = new double[done];
        double[] rawErrors = new double[done];
        double[] baseRawErrors = new double[done];
        int baseline = cands.estimate(cands.prior());
        for (int i = 0; i < done; i++) {
            Answer obs = answers.get(i * (k + 1));
            double[] post = new double[k];
            double[] logL = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                Answer a = answers.get(i * (k + 1) + 1 + j);
                logL[j] = scores ? -squaredDistance(a.probabilities(), obs.probabilities()) / (2 * width * width)
                        : a.label().equals(obs.label()) ? 0 : Math.log(LABEL_MISMATCH);
                max = Math.max(max, logL[j]);
            }
            for (int j = 0; j < k; j++) {
                post[j] = cands.prior()[j] * Math.exp(logL[j] - max);
            }
            int est = cands.estimate(post);
            Object truth = records.get(i).get(hidden);
            errors[i] = cands.error(est, truth);
            baseErrors[i] = cands.error(baseline, truth);
            rawErrors[i] = cands.rawError(est, truth);
            baseRawErrors[i] = cands.rawError(baseline, truth);
        }
        AttackRun run = AttackRun.of("inversion", scores ? "score-matching" : "label-matching", target, observed,
                queries, seed);
        String priorName = prior == null ? "uniform" : prior.file();
        boolean categorical = feature instanceof Feature.Categorical;
        if (done == 0) {
            return new InversionResult(run, hidden, categorical ? "categorical" : "numeric", priorName, 0, k + 1,
                    null, null, null, null, null, null, null, null);
        }
        double err = mean(errors);
        double base = mean(baseErrors);
        double[] ci = advantageInterval(errors, baseErrors, categorical, random);
        return new InversionResult(run, hidden, categorical ? "categorical" : "numeric", priorName, done, k + 1,
                advantage(err, base, categorical), List.of(ci[0], ci[1]),
                categorical ? 1 - err : null, categorical ? 1 - base : null, err, base,
                categorical ? null : mean(rawErrors), categorical ? null : mean(baseRawErrors));
    }

    /** The hidden feature, checked, with the grid and record count (usage errors name the option). */
    static Feature check(InputSpace space, String hidden, int grid, int maxRecords) {
        Feature feature = space.features().stream().filter(f -> f.name().equals(hidden)).findFirst()
                .orElseThrow(() -> new UsageException("--feature " + hidden + ": not a feature of the target (features: "
                        + space.features().stream().map(Feature::name).toList() + ")"));
        if (grid < 2 || grid > 1000) {
            throw new UsageException("--grid must be between 2 and 1000, got " + grid);
        }
        if (maxRecords < 1) {
            throw new UsageException("--records must be at least 1, got " + maxRecords);
        }
        return feature;
    }

    /** Accuracy gain for categories; the share of the prior-only error removed for numbers (0 when that is 0). */
    static double advantage(double err, double base, boolean categorical) {
        if (categorical) {
            return base - err;
        }
        return base == 0 ? 0 : 1 - err / base;
    }

    static double[] advantageInterval(double[] e, double[] b, boolean categorical, RandomGenerator random) {
        double[] a = new double[BOOTSTRAP];
        for (int r = 0; r < BOOTSTRAP; r++) {
            double se = 0;
            double sb = 0;
            for (int i = 0; i < e.length; i++) {
                int j = random.nextInt(e.length);
                se += e[j];
                sb += b[j];
            }
            a[r] = advantage(se / e.length, sb / e.length, categorical);
        }
        java.util.Arrays.sort(a);
        return new double[] {a[(int) (0.025 * (BOOTSTRAP - 1))], a[(int) Math.ceil(0.975 * (BOOTSTRAP - 1))]};
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static List<Map<String, Object>> sample(List<Map<String, Object>> rows, int n, RandomGenerator random) {
        int[] idx = new int[rows.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            out.add(rows.get(idx[i]));
        }
        return out;
    }
}
