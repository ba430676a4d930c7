package org.mlgate.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.mlgate.attack.membership.LabeledRows;
import org.mlgate.attack.membership.MembershipInference;
import org.mlgate.attack.membership.MembershipResult;
import org.mlgate.attack.oracle.InputSpace;
import org.mlgate.attack.oracle.LocalOracle;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.train.data.Feature;
import org.mlgate.train.dpsgd.NonPrivateTrainer;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.dpsgd.TrainingRandomness;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;
import org.mlgate.train.pkg.Predictor;

/**
 * The loss-threshold attack on an overfit MLP (64-64 hidden, 400 epochs on 200 rows whose labels are 30 % noise):
 * memorised rows get confident right answers, fresh rows do not. Fixed seeds make each assertion deterministic;
 * over seeds 1-10 the loss-threshold AUC ranged 0.646-0.787 and the label-only AUC 0.668-0.723, so the 0.6 bounds
 * passed at every seed measured (seed 1: 0.787, seed 2 label-only: 0.688).
 */
class MembershipInferenceTest {
    static final InputSpace SPACE = new InputSpace(List.of(new Feature.Numeric("a", 0, 1),
            new Feature.Numeric("b", 0, 1), new Feature.Numeric("c", 0, 1), new Feature.Numeric("d", 0, 1),
            new Feature.Numeric("e", 0, 1)), "y", List.of("0", "1"));

    static LabeledRows draw(RandomGenerator r, int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Feature f : SPACE.features()) {
                row.put(f.name(), r.nextDouble());
            }
            double z = 3 * ((double) row.get("a") - (double) row.get("b"));
            boolean y = r.nextDouble() < 1 / (1 + Math.exp(-z));
            rows.add(row);
            labels.add(y ? "1" : "0");
        }
        return new LabeledRows(rows, labels);
    }

    static Model overfit(LabeledRows train, long seed) {
        Model m = Mlp.seededForTests(SPACE.width(), List.of(64, 64), 2, seed);
        int[] y = train.labels().stream().mapToInt(Integer::parseInt).toArray();
        new NonPrivateTrainer(TrainingConfig.builder().epochs(400).expectedBatchSize(32).learningRate(0.01)
                .clipNorm(1e6).build(), TrainingRandomness.seededForTests(seed))
                .train(m, TrainingData.of(SPACE.encodeAll(train.rows()), y.length, SPACE.width(), y, 2));
        return m;
    }

    static MembershipResult attack(long seed, String policyNote, boolean labelOnly) {
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        LabeledRows members = draw(r, 200);
        LabeledRows nonMembers = draw(r, 200);
        Predictor p = Predictor.of(overfit(members, seed), SPACE.schema());
        LocalOracle oracle = new LocalOracle(p, "overfit-mlp", labelOnly);
        Target t = new Target(oracle, SPACE, policyNote, null);
        MembershipResult res = MembershipInference.run(t, members, nonMembers, new Queries(oracle, 400, q -> { }),
                seed);
        System.err.println("membership " + policyNote + " seed " + seed + ": " + res);
        return res;
    }

    @Test
    void lossThresholdBeatsGuessingOnAnOverfitMlp() {
        MembershipResult res = attack(1, "raw", false);
        assertThat(res.method()).isEqualTo("loss-threshold");
        assertThat(res.members()).isEqualTo(200);
        assertThat(res.queries()).isEqualTo(400);
        assertThat(res.auc()).isGreaterThan(0.6);
        assertThat(res.aucCi().getFirst()).isGreaterThan(0.5);
    }

    @Test
    void labelOnlyGapAttackStillBeatsGuessing() {
        MembershipResult res = attack(2, "label", true);
        assertThat(res.method()).isEqualTo("label-only-gap");
        assertThat(res.auc()).isGreaterThan(0.6);
    }
}
