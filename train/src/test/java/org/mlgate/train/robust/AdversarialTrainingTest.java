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
    void restartsNeverRaiseRobustAccuracy() {
        TrainingData train = synthetic(600, 1);
        TrainingData test = synthetic(400, 2);
        Mlp m = Mlp.seededForTests(WEAK + 1, List.of(16), 2, 9);
        new NonPrivateTrainer(TrainingConfig.builder().epochs(100).expectedBatchSize(32).learningRate(0.01).build(),
                TrainingRandomness.seededForTests(3))
                .adversarial(AdversarialTraining.pgd(EPS, 5, 0.5, TabularConstraints.free(WEAK + 1))).train(m, train);
        TabularConstraints free = TabularConstraints.free(WEAK + 1);
        for (double eps : new double[] {0.05, EPS, 0.2}) {
            double plain = RobustEvaluation.pgdAccuracy(m, test, eps, 10, free);
            double restarted = RobustEvaluation.pgdAccuracy(m, test, eps, 10, free, 3, new SplittableRandom(21));
            System.out.printf("synthetic MLP PGD(%.2f): clean start %.3f, + 3 random restarts %.3f%n", eps, plain,
                    restarted);
            assertThat(restarted).isLessThanOrEqualTo(plain);
        }
        assertThat(RobustEvaluation.pgdAccuracy(m, test, EPS, 10, free, 0, new SplittableRandom(1)))
                .isEqualTo(RobustEvaluation.pgdAccuracy(m, test, EPS, 10, free));
        PgdSweep.Result sweep = PgdSweep.defaults().run(m, test, free, new SplittableRandom(5));
        assertThat(sweep.points()).extracting(PgdSweep.Point::epsilon).containsExactly(0.05, 0.1, 0.2);
        assertThat(sweep.points().get(2).accuracy()).isLessThanOrEqualTo(sweep.points().get(0).accuracy());
        assertThat(sweep.cleanAccuracy()).isEqualTo(RobustEvaluation.accuracy(m, test));
        assertThatThrownBy(() -> new PgdSweep(List.of(0.1, 1.5), 20, 1)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> new PgdSweep(List.of(0.1), 20, -1)).isInstanceOf(UsageException.class);
    }

    /**
     * A masked gradient: h = relu(x − 0.5) is dead at the clean rows (x = 0.45), so PGD from the clean row never moves,
     * but a random start past 0.5 finds the gradient and crosses the boundary (at x &gt; ~0.52). Restarts must find it.
     */
    @Test
    void randomRestartsDefeatAMaskedGradient() {
        Mlp m = Mlp.seededForTests(1, List.of(1), 2, 1);
        float[] w = m.parameters();      // W0 (1×1), b0, W1 (2×1), b1 (2)
        System.arraycopy(new float[] {1f, -0.5f, -40f, 40f, 1f, 0f}, 0, w, 0, 6);
        m.parametersChanged();
        int n = 400;
        float[] x = new float[n];
        java.util.Arrays.fill(x, 0.45f);
        TrainingData d = TrainingData.of(x, n, 1, new int[n], 2);
        TabularConstraints free = TabularConstraints.free(1);
        assertThat(RobustEvaluation.pgdAccuracy(m, d, 0.1, 10, free)).isEqualTo(1.0);
        double restarted = RobustEvaluation.pgdAccuracy(m, d, 0.1, 10, free, 3, new SplittableRandom(8));
        System.out.printf("masked gradient: PGD accuracy 1.000 from the clean row, %.3f with 3 random restarts%n",
                restarted);
        assertThat(restarted).isLessThan(0.8);   // each start crosses 0.5 with probability 1/4: expect 0.75³ ≈ 0.42
    }

    @Test
    void standardisedUnitsScaleByTheColumnsStandardDeviation() {
        float[] x = {0f, 0.5f, 1f, 0.5f, 0f, 0.5f, 1f, 0.5f};   // column 0 sd 0.5, column 1 constant
        TrainingData d = TrainingData.of(x, 4, 2, new int[] {0, 1, 0, 1}, 2);
        assertThat(EpsilonUnit.STANDARDISED.scale(d)).containsExactly(0.5, EpsilonUnit.MIN_STD);
        assertThat(EpsilonUnit.RANGE.scale(d)).containsExactly(1.0, 1.0);
        assertThat(EpsilonUnit.parse("std", "--eps-units")).isEqualTo(EpsilonUnit.STANDARDISED);
        assertThatThrownBy(() -> EpsilonUnit.parse("sigma", "--eps-units")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--eps-units");
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
                .adversarial(AdversarialTraining.pgd(EPS, 5, 0.5, false, TabularConstraints.free(WEAK + 1)))
                .train(robust, train);
        // Random starts at Adam 0.05 left one of four seeds a constant predictor (dead ReLUs); 0.01 trains all four.
        Mlp randomStart = Mlp.seededForTests(WEAK + 1, List.of(16), 2, 9);
        new NonPrivateTrainer(TrainingConfig.builder().epochs(100).expectedBatchSize(32).learningRate(0.01).build(),
                TrainingRandomness.seededForTests(3))
                .adversarial(AdversarialTraining.pgd(EPS, 5, 0.5, TabularConstraints.free(WEAK + 1)))
                .train(randomStart, train);
        double before = RobustEvaluation.pgdAccuracy(standard, test, EPS, 10);
        double after = RobustEvaluation.pgdAccuracy(robust, test, EPS, 10);
        double afterRandomStart = RobustEvaluation.pgdAccuracy(randomStart, test, EPS, 10);
        System.out.printf("synthetic MLP PGD(%.2f) accuracy: standard %.3f (clean %.3f), "
                + "PGD-trained %.3f (clean %.3f), random-start PGD-trained %.3f (clean %.3f)%n", EPS, before,
                RobustEvaluation.accuracy(standard, test), after, RobustEvaluation.accuracy(robust, test),
                afterRandomStart, RobustEvaluation.accuracy(randomStart, test));
        assertThat(after).isGreaterThan(before + 0.2);
        assertThat(afterRandomStart).isGreaterThan(before + 0.2);
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
