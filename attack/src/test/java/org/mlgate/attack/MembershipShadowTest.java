package org.mlgate.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.mlgate.attack.membership.LabelPerturbation;
import org.mlgate.attack.membership.LabeledRows;
import org.mlgate.attack.membership.Lira;
import org.mlgate.attack.membership.MembershipInference;
import org.mlgate.attack.membership.MembershipResult;
import org.mlgate.attack.membership.ShadowConfig;
import org.mlgate.attack.oracle.LocalOracle;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.UsageException;
import org.mlgate.train.pkg.Predictor;

/**
 * LiRA (offline and online) and label-only membership by perturbation, on the overfit MLP of
 * {@link MembershipInferenceTest} (200 members, 200 fresh non-members), the attacker holding 400 labelled rows of
 * its own from the same distribution and training 16 shadows the way the target was trained. Fixed seeds: each
 * assertion is deterministic (false-failure rate 0 at these seeds); the seed sweep is in attack/README.md.
 */
class MembershipShadowTest {
    static final ShadowConfig SHADOWS = new ShadowConfig(16, List.of(64, 64), 400, 0.01, 32);

    record Setup(Target scores, Target labels, LabeledRows members, LabeledRows nonMembers, LabeledRows pool) { }

    static Setup setup(long seed) {
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        LabeledRows members = MembershipInferenceTest.draw(r, 200);
        LabeledRows nonMembers = MembershipInferenceTest.draw(r, 200);
        LabeledRows pool = MembershipInferenceTest.draw(r, 400);
        Predictor p = Predictor.of(MembershipInferenceTest.overfit(members, seed), MembershipInferenceTest.SPACE
                .schema());
        return new Setup(new Target(new LocalOracle(p, "overfit-mlp", false), MembershipInferenceTest.SPACE, "raw",
                null), new Target(new LocalOracle(p, "overfit-mlp", true), MembershipInferenceTest.SPACE, "label",
                null), members, nonMembers, pool);
    }

    static Queries queries(Target t, long budget) {
        return new Queries(t.oracle(), budget, q -> { });
    }

    @Test
    void liraBeatsTheLossThresholdAtLowFalsePositiveRates() {
        Setup s = setup(1);
        MembershipResult loss = MembershipInference.run(s.scores(), s.members(), s.nonMembers(),
                queries(s.scores(), 400), 1);
        MembershipResult offline = Lira.run(s.scores(), s.members(), s.nonMembers(), s.pool(), SHADOWS, false,
                queries(s.scores(), 400), 1);
        MembershipResult online = Lira.run(s.scores(), s.members(), s.nonMembers(), s.pool(), SHADOWS, true,
                queries(s.scores(), 400), 1);
        System.err.println("loss " + loss + "\noffline " + offline + "\nonline " + online);
        assertThat(offline.method()).isEqualTo("lira-offline");
        assertThat(online.shadowModels()).isEqualTo(16);
        assertThat(online.queries()).isEqualTo(400); // shadows are trained on the attacker's rows, no queries
        assertThat(online.auc()).isGreaterThan(0.6);
        assertThat(offline.auc()).isGreaterThan(0.6);
        assertThat(online.tprAt1()).isGreaterThan(loss.tprAt1());
    }

    @Test
    void liraNeedsScores() {
        Setup s = setup(2);
        assertThatThrownBy(() -> Lira.run(s.labels(), s.members(), s.nonMembers(), s.pool(), SHADOWS, false,
                queries(s.labels(), 400), 2)).isInstanceOf(UsageException.class).hasMessageContaining("labels only");
    }

    @Test
    void labelOnlyPerturbationSeesMembershipThroughLabelsAlone() {
        Setup s = setup(3);
        MembershipResult gap = MembershipInference.run(s.labels(), s.members(), s.nonMembers(),
                queries(s.labels(), 400), 3);
        MembershipResult pert = LabelPerturbation.run(s.labels(), s.members(), s.nonMembers(), 20, 0.05,
                queries(s.labels(), 400 * 21), 3);
        System.err.println("gap " + gap + "\nperturbation " + pert);
        assertThat(pert.method()).isEqualTo("label-perturbation");
        assertThat(pert.observedOutput()).isEqualTo("labels");
        assertThat(pert.queries()).isEqualTo(400 * 21);
        assertThat(pert.auc()).isGreaterThan(0.6);
        assertThat(pert.aucCi().getFirst()).isGreaterThan(0.5);
        // measured at this seed: perturbation 0.683, gap 0.700 - on this 5-feature task the noise adds no signal
        // over right-or-wrong; its value is a graded score (a threshold below 1 exists), not a higher AUC here
    }
}
