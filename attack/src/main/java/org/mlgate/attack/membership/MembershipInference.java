package org.mlgate.attack.membership;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.attack.AttackRun;
import org.mlgate.attack.oracle.Answer;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.UsageException;

/**
 * The loss / confidence threshold attack (Yeom et al. 2018): a model is more confident on rows it was trained on,
 * so the score of a row is the log-probability the target gives its true label (minus the loss); under a label-only
 * policy it is 1 when the label is right, 0 otherwise (the gap attack). Members and non-members are balanced by
 * sampling the larger side down (seeded), and together must fit the budget.
 */
public final class MembershipInference {
    static final int BOOTSTRAP = 1000;
    /** Probabilities below this count as this (a raw 0 would give an infinite loss). */
    static final double FLOOR = 1e-12;

    private MembershipInference() {
    }

    public static MembershipResult run(Target target, LabeledRows members, LabeledRows nonMembers, Queries queries,
                                       long seed) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        int n = (int) Math.min(Math.min(members.rows().size(), nonMembers.rows().size()), queries.remaining() / 2);
        if (n < 1) {
            throw new UsageException("membership inference needs at least one member and one non-member within the "
                    + "budget (members " + members.rows().size() + ", non-members " + nonMembers.rows().size()
                    + ", budget " + queries.remaining() + ")");
        }
        int[] mi = sample(members.rows().size(), n, random);
        int[] ni = sample(nonMembers.rows().size(), n, random);
        // interleaved, so a target that stops half-way leaves both sides about equally answered
        List<Map<String, Object>> rows = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            rows.add(members.rows().get(mi[i]));
            rows.add(nonMembers.rows().get(ni[i]));
        }
        List<Answer> answers = queries.ask(rows);
        int pairs = answers.size() / 2;
        double[] ms = new double[pairs];
        double[] ns = new double[pairs];
        boolean scores = !answers.isEmpty() && answers.stream().allMatch(Answer::hasScores);
        for (int i = 0; i < pairs; i++) {
            ms[i] = score(target, answers.get(2 * i), members.labels().get(mi[i]), scores);
            ns[i] = score(target, answers.get(2 * i + 1), nonMembers.labels().get(ni[i]), scores);
        }
        String method = scores ? "loss-threshold" : "label-only-gap";
        String observed = answers.isEmpty() ? null : scores ? "scores" : "labels";
        return result(AttackRun.of("membership", method, target, observed, queries, seed), ms, ns, null, random);
    }

    /** The metrics of member and non-member scores (higher = "member"), with their intervals. */
    static MembershipResult result(AttackRun run, double[] ms, double[] ns, Integer shadows, RandomGenerator random) {
        int pairs = Math.min(ms.length, ns.length);
        if (pairs == 0) {
            return new MembershipResult(run, 0, 0, null, null, null, null, null, null, shadows);
        }
        double t01 = Roc.tprAt(ms, ns, 0.001);
        double t1 = Roc.tprAt(ms, ns, 0.01);
        return new MembershipResult(run, ms.length, ns.length, Roc.auc(ms, ns),
                list(Roc.aucInterval(ms, ns, BOOTSTRAP, random)), t01, list(Roc.wilson(t01, ms.length)), t1,
                list(Roc.wilson(t1, ms.length)), shadows);
    }

    private static double score(Target target, Answer a, String label, boolean scores) {
        int c = target.space().classIndex(label);
        if (c < 0) {
            throw new UsageException("label '" + label + "' is not among the target's classes "
                    + target.space().classes());
        }
        if (scores) {
            return Math.log(Math.max(FLOOR, a.probabilities()[c]));
        }
        return a.label().equals(label) ? 1 : 0;
    }

    static int[] sample(int size, int n, RandomGenerator random) {
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(size - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return java.util.Arrays.copyOf(idx, n);
    }

    private static List<Double> list(double[] v) {
        return List.of(v[0], v[1]);
    }
}
