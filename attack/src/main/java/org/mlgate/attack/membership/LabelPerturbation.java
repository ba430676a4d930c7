package org.mlgate.attack.membership;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.attack.AttackRun;
import org.mlgate.attack.oracle.Answer;
import org.mlgate.attack.oracle.InputSpace;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.Feature;

/**
 * Label-only membership by robustness to perturbation (Choquette-Choo et al. 2021, the data-augmentation /
 * noise variant): a model that memorised a row keeps labelling it correctly under small changes. Each candidate is
 * asked as is and with {@code perturbations} copies whose numeric inputs move by Gaussian noise of {@code sigma} in
 * the encoded [0, 1] space (clipped into the public range; categories kept); its score is the share of the
 * {@code 1 + perturbations} answers that give its true label. Costs {@code 1 + perturbations} queries per row.
 */
public final class LabelPerturbation {
    private LabelPerturbation() {
    }

    public static MembershipResult run(Target target, LabeledRows members, LabeledRows nonMembers, int perturbations,
                                       double sigma, Queries queries, long seed) {
        if (perturbations < 1 || perturbations > 1000) {
            throw new UsageException("--perturbations must be between 1 and 1000, got " + perturbations);
        }
        if (!(sigma > 0) || sigma > 1) {
            throw new UsageException("--noise must be in (0, 1] (encoded units), got " + sigma);
        }
        InputSpace space = target.space();
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        int per = perturbations + 1;
        int n = (int) Math.min(Math.min(members.rows().size(), nonMembers.rows().size()), queries.remaining()
                / (2L * per));
        if (n < 1) {
            throw new UsageException("label-only perturbation needs " + 2 * per + " queries per member/non-member "
                    + "pair; the budget allows " + queries.remaining());
        }
        int[] mi = MembershipInference.sample(members.rows().size(), n, random);
        int[] ni = MembershipInference.sample(nonMembers.rows().size(), n, random);
        List<Map<String, Object>> rows = new ArrayList<>(2 * n * per);
        List<String> truth = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            for (int side = 0; side < 2; side++) {
                LabeledRows from = side == 0 ? members : nonMembers;
                int r = side == 0 ? mi[i] : ni[i];
                Map<String, Object> row = from.rows().get(r);
                truth.add(from.labels().get(r));
                Lira.classOf(space, from.labels().get(r));
                rows.add(row);
                for (int j = 0; j < perturbations; j++) {
                    rows.add(perturb(space, row, sigma, random));
                }
            }
        }
        List<Answer> answers = queries.ask(rows);
        int pairs = answers.size() / (2 * per);
        double[] ms = new double[pairs];
        double[] ns = new double[pairs];
        for (int c = 0; c < 2 * pairs; c++) {
            int same = 0;
            for (int j = 0; j < per; j++) {
                same += answers.get(c * per + j).label().equals(truth.get(c)) ? 1 : 0;
            }
            double score = (double) same / per;
            if (c % 2 == 0) {
                ms[c / 2] = score;
            } else {
                ns[c / 2] = score;
            }
        }
        String observed = answers.isEmpty() ? null : answers.stream().allMatch(Answer::hasScores) ? "scores" : "labels";
        return MembershipInference.result(AttackRun.of("membership", "label-perturbation", target, observed, queries,
                seed), ms, ns, null, random);
    }

    static Map<String, Object> perturb(InputSpace space, Map<String, Object> row, double sigma,
                                       RandomGenerator random) {
        Map<String, Object> out = new LinkedHashMap<>(row);
        for (Feature f : space.features()) {
            if (f instanceof Feature.Numeric n) {
                double e = n.encode(((Number) row.get(n.name())).doubleValue()) + sigma * random.nextGaussian();
                out.put(n.name(), InputSpace.decode(n, Math.min(1, Math.max(0, e))));
            }
        }
        return out;
    }
}
