package org.mlgate.train.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlgate.train.dpsgd.DpSgdTrainer;
import org.mlgate.train.dpsgd.NonPrivateTrainer;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.dpsgd.TrainingRandomness;
import org.mlgate.train.dpsgd.TrainingResult;
import java.util.List;
import org.mlgate.core.UsageException;
import org.mlgate.train.dpsgd.PrivacyUnit;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.TrainingData;

/**
 * On a seeded synthetic set with one robust feature (0.35 + 0.3·label plus noise of sd {@value #ROBUST_SD}) and
 * {@value #WEAK} weak features (each shifted by ±{@value #SHIFT} with the label, sd {@value #WEAK_SD}: together very
 * predictive, but an L∞ perturbation of ε = {@value #EPS} &gt; the shift flips all of them at once), PGD breaks a
 * standard model and adversarial training restores robustness by moving the weight onto the robust feature. The
 * DP-SGD variant also checks that the privacy plan, steps and ε are those of plain DP-SGD.
 */
class AdversarialTrainingTest {
    static final int WEAK = 20;
    static final double SHIFT = 0.05;
    static final double EPS = 0.1;
    static final double ROBUST_SD = 0.1;
    static final double WEAK_SD = 0.05;

    static TrainingData synthetic(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int f = WEAK + 1;
        float[] x = new float[rows * f];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            int label = r.nextInt(2);
            y[i] = label;
            x[i * f] = (float) Math.min(1, Math.max(0, 0.35 + 0.3 * label + ROBUST_SD * r.nextGaussian()));
            for (int j = 1; j < f; j++) {
                double v = 0.5 + (2 * label - 1) * SHIFT + WEAK_SD * r.nextGaussian();
                x[i * f + j] = (float) Math.min(1, Math.max(0, v));
            }
        }
        return TrainingData.of(x, rows, f, y, 2);
    }

    private static TrainingConfig config() {
        return TrainingConfig.builder().epochs(100).expectedBatchSize(32).build();
    }

    @Test
    void pgdLowersTheAccuracyOfAStandardModel() {
        TrainingData train = synthetic(600, 1);
        TrainingData test = synthetic(400, 2);
        LogisticRegression m = LogisticRegression.create(WEAK + 1, 2);
        new NonPrivateTrainer(config(), TrainingRandomness.seededForTests(3)).train(m, train);
        double clean = RobustEvaluation.accuracy(m, test);
        double attacked = RobustEvaluation.pgdAccuracy(m, test, EPS, 10);
        System.out.printf("synthetic, standard LR: clean %.3f, PGD(%.2f) %.3f%n", clean, EPS, attacked);
        assertThat(clean).isGreaterThan(0.95);
        assertThat(attacked).isLessThan(clean - 0.3);
        assertThat(RobustEvaluation.pgdAccuracy(m, test, 0.0, 10)).isEqualTo(clean);
    }

    @Test
    void adversarialTrainingRaisesPgdAccuracy() {
        TrainingData train = synthetic(600, 1);
        TrainingData test = synthetic(400, 2);
        TabularConstraints free = TabularConstraints.free(WEAK + 1);
        LogisticRegression standard = LogisticRegression.create(WEAK + 1, 2);
        new NonPrivateTrainer(config(), TrainingRandomness.seededForTests(3)).train(standard, train);
        LogisticRegression robust = LogisticRegression.create(WEAK + 1, 2);
        new NonPrivateTrainer(config(), TrainingRandomness.seededForTests(3))
                .adversarial(AdversarialTraining.pgd(EPS, 5, 1.0, free)).train(robust, train);
        LogisticRegression fgsm = LogisticRegression.create(WEAK + 1, 2);
        new NonPrivateTrainer(config(), TrainingRandomness.seededForTests(3))
                .adversarial(AdversarialTraining.fgsm(EPS, 0.5, free)).train(fgsm, train);
        double before = RobustEvaluation.pgdAccuracy(standard, test, EPS, 10);
        double after = RobustEvaluation.pgdAccuracy(robust, test, EPS, 10);
        double afterFgsm = RobustEvaluation.pgdAccuracy(fgsm, test, EPS, 10);
        System.out.printf("synthetic PGD(%.2f) accuracy: standard %.3f, PGD-trained %.3f (clean %.3f), "
                + "FGSM-trained (ratio 0.5) %.3f%n", EPS, before, after, RobustEvaluation.accuracy(robust, test),
                afterFgsm);
        assertThat(after).isGreaterThan(before + 0.2);
        assertThat(afterFgsm).isGreaterThan(before + 0.1);
    }

    @Test
    void adversarialDpSgdKeepsTheAccountingAndGainsRobustness() {
        TrainingData train = synthetic(2000, 4);
        TrainingData test = synthetic(400, 5);
        TrainingConfig dp = TrainingConfig.builder().dp(3.0).epochs(30).build();
        LogisticRegression standard = LogisticRegression.create(WEAK + 1, 2);
        TrainingResult plain = new DpSgdTrainer(dp, TrainingRandomness.seededForTests(6)).train(standard, train);
        LogisticRegression robust = LogisticRegression.create(WEAK + 1, 2);
        TrainingResult adv = new DpSgdTrainer(dp, TrainingRandomness.seededForTests(6))
                .adversarial(AdversarialTraining.pgd(EPS, 5, 1.0, TabularConstraints.free(WEAK + 1)))
                .train(robust, train);
        double before = RobustEvaluation.pgdAccuracy(standard, test, EPS, 10);
        double after = RobustEvaluation.pgdAccuracy(robust, test, EPS, 10);
        System.out.printf("synthetic DP eps=3 PGD(%.2f) accuracy: standard %.3f, adversarial %.3f; epsilon %s / %s%n",
                EPS, before, after, plain.epsilon(), adv.epsilon());
        assertThat(adv.plan()).isEqualTo(plain.plan());
        assertThat(adv.steps()).isEqualTo(plain.steps());
        assertThat(adv.epsilon().value()).isEqualTo(plain.epsilon().value());
        assertThat(after).isGreaterThan(before + 0.1);
    }

    @Test
    void adversarialTrainingRaisesPgdAccuracyOfAnMlp() {
        TrainingData train = synthetic(600, 1);
        TrainingData test = synthetic(400, 2);
        Mlp standard = Mlp.seededForTests(WEAK + 1, List.of(16), 2, 9);
        new NonPrivateTrainer(config(), TrainingRandomness.seededForTests(3)).train(standard, train);
        Mlp robust = Mlp.seededForTests(WEAK + 1, List.of(16), 2, 9);
        new NonPrivateTrainer(config(), TrainingRandomness.seededForTests(3))
                .adversarial(AdversarialTraining.pgd(EPS, 5, 0.5, TabularConstraints.free(WEAK + 1)))
                .train(robust, train);
        double before = RobustEvaluation.pgdAccuracy(standard, test, EPS, 10);
        double after = RobustEvaluation.pgdAccuracy(robust, test, EPS, 10);
        System.out.printf("synthetic MLP PGD(%.2f) accuracy: standard %.3f (clean %.3f), "
                + "PGD-trained %.3f (clean %.3f)%n", EPS, before, RobustEvaluation.accuracy(standard, test), after,
                RobustEvaluation.accuracy(robust, test));
        assertThat(after).isGreaterThan(before + 0.2);
    }

    @Test
    void userLevelDpWithAdversarialRowsKeepsTheAccounting() {
        TrainingData train = synthetic(1000, 4);
        int[] users = new int[train.rows()];
        for (int r = 0; r < users.length; r++) {
            users[r] = r / 4;
        }
        TrainingData byUser = train.withUnits(users);
        TrainingConfig dp = TrainingConfig.builder().dp(3.0).epochs(5).privacyUnit(PrivacyUnit.USER).build();
        TrainingResult plain = new DpSgdTrainer(dp, TrainingRandomness.seededForTests(6))
                .train(LogisticRegression.create(WEAK + 1, 2), byUser);
        TrainingResult adv = new DpSgdTrainer(dp, TrainingRandomness.seededForTests(6))
                .adversarial(AdversarialTraining.fgsm(EPS, 0.5, TabularConstraints.free(WEAK + 1)))
                .train(LogisticRegression.create(WEAK + 1, 2), byUser);
        assertThat(adv.plan()).isEqualTo(plain.plan());
        assertThat(adv.epsilon().value()).isEqualTo(plain.epsilon().value());
        assertThat(adv.model().parameters()).isNotEqualTo(plain.model().parameters());
    }

    @Test
    void constraintsMustMatchTheModel() {
        TrainingData train = synthetic(50, 1);
        NonPrivateTrainer t = new NonPrivateTrainer(config(), TrainingRandomness.seededForTests(3))
                .adversarial(AdversarialTraining.fgsm(EPS, 0.5, TabularConstraints.free(WEAK)));
        assertThatThrownBy(() -> t.train(LogisticRegression.create(WEAK + 1, 2), train))
                .isInstanceOf(UsageException.class).hasMessageContaining("columns");
    }
}
