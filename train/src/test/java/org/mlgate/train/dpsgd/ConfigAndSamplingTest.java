package org.mlgate.train.dpsgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.mlgate.core.UsageException;
import org.mlgate.train.bench.TrainBench;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.TrainingData;
import org.mlgate.train.optim.OptimizerConfig;
import org.mlgate.train.privacy.AccountantKind;

class ConfigAndSamplingTest {
    @Test
    void defaultsResolveAgainstTheData() {
        TrainingConfig c = TrainingConfig.builder().dp(3).build();
        assertThat(c.epochs()).isEqualTo(TrainingConfig.DEFAULT_EPOCHS);
        assertThat(c.clipNorm()).isEqualTo(1.0);
        assertThat(c.optimizer()).isEqualTo(OptimizerConfig.AdamConfig.withLearningRate(0.05));
        DpSgdPlan small = DpSgdPlan.of(c, 398);
        assertThat(small.expectedBatchSize()).isEqualTo(40);
        assertThat(small.delta()).isEqualTo(1e-5);
        assertThat(small.steps()).isEqualTo(299);
        DpSgdPlan big = DpSgdPlan.of(c, 1_000_000);
        assertThat(big.expectedBatchSize()).isEqualTo(256);
        assertThat(big.delta()).isEqualTo(Math.pow(1e6, -1.1));
        assertThat(big.accountant()).isEqualTo(AccountantKind.RDP);
        assertThat(big.unit()).isEqualTo(PrivacyUnit.ROW);
    }

    @Test
    void invalidSettingsFailAtBuildOrPlanWithClearMessages() {
        assertThatThrownBy(() -> TrainingConfig.builder().epochs(0).build()).isInstanceOf(UsageException.class)
                .hasMessageContaining("epochs");
        assertThatThrownBy(() -> TrainingConfig.builder().clipNorm(-1).build()).hasMessageContaining("clip norm");
        assertThatThrownBy(() -> TrainingConfig.builder().dp(0).build()).hasMessageContaining("target epsilon");
        assertThatThrownBy(() -> TrainingConfig.builder().dp(1).delta(1.5).build()).hasMessageContaining("delta");
        assertThatThrownBy(() -> TrainingConfig.builder().delta(1e-6).build()).hasMessageContaining("only to DP");
        assertThatThrownBy(() -> TrainingConfig.builder().learningRate(0.1)
                .optimizer(new OptimizerConfig.SgdConfig(0.1, 0.9)).build()).hasMessageContaining("not both");
        assertThatThrownBy(() -> new OptimizerConfig.SgdConfig(0.1, 1.0)).hasMessageContaining("momentum");
        TrainingConfig dp = TrainingConfig.builder().dp(1).delta(0.01).build();
        assertThatThrownBy(() -> DpSgdPlan.of(dp, 1000)).hasMessageContaining("not below 1/n");
        TrainingConfig big = TrainingConfig.builder().dp(1).expectedBatchSize(2000).build();
        assertThatThrownBy(() -> DpSgdPlan.of(big, 1000)).hasMessageContaining("exceeds");
        TrainingConfig user = TrainingConfig.builder().dp(1).privacyUnit(PrivacyUnit.USER).build();
        TrainingData rows = TrainBench.syntheticData(100, 3, 1);
        assertThatThrownBy(() -> new DpSgdTrainer(user, TrainingRandomness.seededForTests(1))
                .train(LogisticRegression.create(3, 2), rows)).hasMessageContaining("privacy-unit id for every row");
        assertThatThrownBy(() -> new DpSgdTrainer(TrainingConfig.builder().build(), TrainingRandomness.secure()))
                .hasMessageContaining("NonPrivateTrainer");
        TrainingConfig ok = TrainingConfig.builder().dp(1).build();
        assertThatThrownBy(() -> new DpSgdTrainer(ok, TrainingRandomness.seededForTests(1))
                .train(Mlp.seededForTests(4, List.of(3), 2, 1), rows)).hasMessageContaining("features");
        assertThatThrownBy(() -> TrainingData.of(new float[] {1, Float.NaN}, 1, 2, new int[] {0}, 2))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> TrainingData.of(new float[] {1, 2}, 1, 2, new int[] {2}, 2))
                .hasMessageContaining("outside");
    }

    /**
     * Each index's inclusion count over T draws is Binomial(T, q); with a per-index two-sided bound at α = 1e-6/n
     * (z = 5.73 for n = 50) the union over indices fails spuriously with probability ≤ 1e-6.
     */
    @Test
    void poissonSamplerIncludesEachUnitIndependentlyWithProbabilityQ() {
        PoissonSampler s = new PoissonSampler(RandomGeneratorFactory.of("L64X128MixRandom").create(11));
        int n = 50;
        double q = 0.1;
        int trials = 40_000;
        int[] out = new int[n];
        long[] counts = new long[n];
        for (int t = 0; t < trials; t++) {
            int k = s.sample(n, q, out);
            for (int i = 0; i < k; i++) {
                counts[out[i]]++;
                if (i > 0) {
                    assertThat(out[i]).isGreaterThan(out[i - 1]);
                }
            }
        }
        double z = 5.73;
        double sd = Math.sqrt(trials * q * (1 - q));
        for (int i = 0; i < n; i++) {
            assertThat((double) counts[i]).as("unit %d", i).isBetween(trials * q - z * sd, trials * q + z * sd);
        }
        assertThat(s.sample(7, 1.0, out)).isEqualTo(7);
    }

    @Test
    void unitsAreGroupedInOrderOfFirstAppearance() {
        TrainingData d = TrainBench.syntheticData(6, 2, 1).withUnits(new int[] {42, 7, 42, 9, 7, 42});
        TrainingData.Units u = d.groupUnits();
        assertThat(u.count()).isEqualTo(3);
        assertThat(u.start()).containsExactly(0, 3, 5, 6);
        assertThat(u.rows()).containsExactly(0, 2, 5, 1, 4, 3);
    }

    @Test
    void userLevelTraceCountsUsersAndRows() {
        int rows = 3000;
        int[] users = new int[rows];
        for (int r = 0; r < rows; r++) {
            users[r] = r % 1000;
        }
        TrainingData data = TrainBench.syntheticData(rows, 5, 2).withUnits(users);
        TrainingConfig c = TrainingConfig.builder().dp(2).privacyUnit(PrivacyUnit.USER).expectedBatchSize(100)
                .epochs(2).build();
        List<TraceRecord> trace = new java.util.ArrayList<>();
        TrainingResult r = new DpSgdTrainer(c, TrainingRandomness.seededForTests(3)).train(
                LogisticRegression.create(5, 2), data, new TraceSink() {
                    @Override
                    public void write(TraceRecord rec) {
                        trace.add(rec);
                    }

                    @Override
                    public void close() {
                    }
                }, TrainingListener.NONE);
        assertThat(r.plan().units()).isEqualTo(1000);
        assertThat(r.plan().samplingRate()).isEqualTo(0.1);
        assertThat(trace).hasSize(20).allSatisfy(t -> assertThat(t.batchRows()).isEqualTo(3 * t.batchSize()));
        List<Audit.Check> sampling = Audit.sampling(trace, 1000, 0.1);
        assertThat(sampling.get(0).ok()).as("%s", sampling).isTrue();
    }

    /** Multi-class (softmax) models train under DP too: 3 well-separated classes, ε = 4. */
    @Test
    void dpTrainsMultiClassModels() {
        int rows = 3000;
        float[] x = new float[rows * 4];
        int[] y = new int[rows];
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int i = 0; i < rows; i++) {
            y[i] = i % 3;
            for (int f = 0; f < 4; f++) {
                x[i * 4 + f] = (float) ((f == y[i] ? 1.0 : 0.0) + 0.3 * (r.nextDouble() - 0.5));
            }
        }
        TrainingData data = TrainingData.of(x, rows, 4, y, 3);
        TrainingConfig c = TrainingConfig.builder().dp(4).epochs(10).build();
        for (var m : List.of(LogisticRegression.create(4, 3), Mlp.seededForTests(4, List.of(8), 3, 1))) {
            TrainingResult res = new DpSgdTrainer(c, TrainingRandomness.seededForTests(8)).train(m, data);
            var e = org.mlgate.train.metrics.Metrics.evaluate(y, m.predictProbabilities(x, rows), 3);
            assertThat(res.epsilon().value()).isLessThanOrEqualTo(4);
            assertThat(e.accuracy()).as("%s: %s", m.architecture(), e).isGreaterThan(0.9);
            assertThat(e.rocAuc()).isGreaterThan(0.95);
        }
    }

    @Test
    void trainingDispatchesOnThePrivacyConfig() {
        TrainingData data = TrainBench.syntheticData(500, 3, 6);
        TrainingResult dp = Training.run(TrainingConfig.builder().dp(1).epochs(2).build(),
                LogisticRegression.create(3, 2), data, TraceSink.NONE, TrainingListener.NONE);
        assertThat(dp.isPrivate()).isTrue();
        assertThat(dp.randomness()).contains("DRBG").doesNotContain("NOT PRIVATE");
        TrainingResult np = Training.run(TrainingConfig.builder().epochs(2).build(), LogisticRegression.create(3, 2),
                data, TraceSink.NONE, TrainingListener.NONE);
        assertThat(np.isPrivate()).isFalse();
        assertThat(np.epsilon()).isNull();
    }

    @Test
    void nonPrivateTrainerRunsShuffledEpochs() {
        TrainingData data = TrainBench.syntheticData(1000, 5, 4);
        TrainingConfig c = TrainingConfig.builder().epochs(3).expectedBatchSize(64)
                .optimizer(new OptimizerConfig.SgdConfig(0.5, 0.9)).build();
        LogisticRegression m = LogisticRegression.create(5, 2);
        TrainingResult r = new NonPrivateTrainer(c, TrainingRandomness.seededForTests(1)).train(m, data);
        assertThat(r.steps()).isEqualTo(3 * 16);
        assertThat(r.isPrivate()).isFalse();
        var e = org.mlgate.train.metrics.Metrics.evaluate(data.y(), m.predictProbabilities(data.x(), 1000), 2);
        assertThat(e.accuracy()).isGreaterThan(0.85);
    }
}
