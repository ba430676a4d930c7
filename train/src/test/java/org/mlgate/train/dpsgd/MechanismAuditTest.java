package org.mlgate.train.dpsgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.train.bench.TrainBench;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;
import org.mlgate.train.privacy.PrivacyBudgetExceededException;

/**
 * Audits of the mechanism as run: clipping bounds every unit's contribution; the noise actually added is
 * N(0, σ²C²); the trace's noise_std and realised batch sizes match the configuration. Every statistical check has
 * false-failure probability ≤ 1e-6 ({@link Audit}); the runs use seeded randomness ({@code seededForTests}), so
 * they are deterministic in CI and the stated rate is what a fresh seed would risk. The same checks are shown to
 * fail on deliberately broken trainers (no clipping, half the noise, fixed-size batches, steps past the budget).
 */
class MechanismAuditTest {
    private static final int ROWS = 2000;
    private static final TrainingData DATA = TrainBench.syntheticData(ROWS, 10, 3);
    private static final double CLIP = 0.1;

    @TempDir
    Path dir;

    private static TrainingConfig config(PrivacyUnit unit, int batch, int epochs) {
        return TrainingConfig.builder().epochs(epochs).expectedBatchSize(batch).clipNorm(CLIP).dp(2.0)
                .privacyUnit(unit).build();
    }

    private static Model model() {
        return Mlp.seededForTests(10, List.of(16), 2, 5);
    }

    /** Records every unit's clipped norm and all noise values. */
    private static final class Recorder implements MechanismObserver {
        double maxClippedNorm;
        int units;
        int unclippedAboveC;
        final List<float[]> noise = new ArrayList<>();

        @Override
        public void unit(double norm, double factor) {
            units++;
            maxClippedNorm = Math.max(maxClippedNorm, norm * factor);
            if (norm > CLIP) {
                unclippedAboveC++;
            }
        }

        @Override
        public void noise(float[] v) {
            noise.add(v.clone());
        }

        double[] noiseValues() {
            return noise.stream().flatMapToDouble(a -> {
                double[] d = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    d[i] = a[i];
                }
                return java.util.Arrays.stream(d);
            }).toArray();
        }
    }

    private Recorder run(Tampering tampering, PrivacyUnit unit, TrainingData data) {
        Recorder rec = new Recorder();
        new DpSgdTrainer(config(unit, 100, 3), TrainingRandomness.seededForTests(1), tampering).observe(rec)
                .train(model(), data);
        return rec;
    }

    @Test
    void clippingBoundsEveryRowGradient() {
        Recorder rec = run(Tampering.NONE, PrivacyUnit.ROW, DATA);
        assertThat(rec.units).isGreaterThan(5000);
        assertThat(rec.unclippedAboveC).as("clipping must be active for the check to mean anything").isPositive();
        assertThat(rec.maxClippedNorm).isLessThanOrEqualTo(CLIP + 1e-5);
    }

    @Test
    void clippingBoundsEveryUserGradient() {
        // 150 users: most with 10-20 rows, so their summed gradients are far above C before clipping.
        int[] users = new int[ROWS];
        for (int r = 0; r < ROWS; r++) {
            users[r] = r < 50 ? 1000 + r : (r * 7919) % 100;
        }
        TrainingData data = DATA.withUnits(users);
        Recorder rec = new Recorder();
        TrainingConfig c = config(PrivacyUnit.USER, 15, 3);
        DpSgdPlan plan = new DpSgdTrainer(c, TrainingRandomness.seededForTests(2)).plan(data);
        assertThat(plan.units()).isEqualTo(150);
        new DpSgdTrainer(c, TrainingRandomness.seededForTests(2)).observe(rec).train(model(), data);
        assertThat(rec.unclippedAboveC).isPositive();
        assertThat(rec.maxClippedNorm).isLessThanOrEqualTo(CLIP + 1e-5);
    }

    @Test
    void brokenClippingIsCaught() {
        Recorder rec = run(new Tampering(true, 1.0, 0), PrivacyUnit.ROW, DATA);
        assertThat(rec.maxClippedNorm).isGreaterThan(CLIP + 1e-5);
    }

    @Test
    void noiseActuallyAddedIsGaussianWithStdSigmaC() {
        TrainingConfig c = config(PrivacyUnit.ROW, 100, 3);
        double sigmaC = DpSgdPlan.of(c, ROWS).noiseStd();
        Recorder rec = run(Tampering.NONE, PrivacyUnit.ROW, DATA);
        List<Audit.Check> checks = Audit.gaussian(rec.noiseValues(), sigmaC);
        assertThat(Audit.allOk(checks)).as("%s", checks).isTrue();
    }

    @Test
    void tooLittleNoiseIsCaught() {
        TrainingConfig c = config(PrivacyUnit.ROW, 100, 3);
        double sigmaC = DpSgdPlan.of(c, ROWS).noiseStd();
        for (double factor : new double[] {0.5, 0.9}) {
            Recorder rec = run(new Tampering(false, factor, 0), PrivacyUnit.ROW, DATA);
            List<Audit.Check> checks = Audit.gaussian(rec.noiseValues(), sigmaC);
            assertThat(Audit.allOk(checks)).as("noise x%s: %s", factor, checks).isFalse();
        }
    }

    private List<TraceRecord> tracedRun(Tampering tampering, TrainingConfig c) throws Exception {
        Path file = dir.resolve("trace-" + tampering.noiseFactor() + ".jsonl");
        try (JsonLinesTraceSink sink = JsonLinesTraceSink.create(file)) {
            new DpSgdTrainer(c, TrainingRandomness.seededForTests(4), tampering).train(model(), DATA, sink,
                    TrainingListener.NONE);
        }
        ObjectMapper json = new ObjectMapper();
        List<TraceRecord> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            assertThat(json.readTree(line).fieldNames()).toIterable()
                    .contains("step", "batch_size", "noise_std", "epsilon_spent", "loss");
            out.add(json.readValue(line, TraceRecord.class));
        }
        return out;
    }

    @Test
    void traceMatchesTheConfiguredSamplingRateAndNoise() throws Exception {
        TrainingConfig c = config(PrivacyUnit.ROW, 100, 10);
        DpSgdPlan plan = DpSgdPlan.of(c, ROWS);
        List<TraceRecord> trace = tracedRun(Tampering.NONE, c);
        assertThat(trace).hasSize((int) plan.steps());
        assertThat(trace.get(0).step()).isEqualTo(1);
        assertThat(trace.getLast().step()).isEqualTo(plan.steps());
        assertThat(trace.getLast().epsilonSpent()).isLessThanOrEqualTo(plan.targetEpsilon());
        assertThat(trace).allSatisfy(r -> assertThat(r.configuredNoiseStd()).isEqualTo(plan.noiseStd()));
        int d = model().parameterCount();
        Audit.Check noise = Audit.traceNoise(trace, d, plan.noiseStd());
        assertThat(noise.ok()).as("%s", noise).isTrue();
        List<Audit.Check> sampling = Audit.sampling(trace, ROWS, plan.samplingRate());
        assertThat(Audit.allOk(sampling)).as("%s", sampling).isTrue();
    }

    @Test
    void traceOfHalvedNoiseIsCaught() throws Exception {
        TrainingConfig c = config(PrivacyUnit.ROW, 100, 10);
        DpSgdPlan plan = DpSgdPlan.of(c, ROWS);
        List<TraceRecord> trace = tracedRun(new Tampering(false, 0.5, 0), c);
        Audit.Check noise = Audit.traceNoise(trace, model().parameterCount(), plan.noiseStd());
        assertThat(noise.ok()).as("%s", noise).isFalse();
    }

    @Test
    void fixedSizeBatchesAreCaughtBySamplingAudit() {
        // What shuffled fixed-size batches would log: the right mean, no binomial spread.
        List<TraceRecord> fixed = new ArrayList<>();
        for (int s = 1; s <= 200; s++) {
            fixed.add(new TraceRecord(s, 100, 100, 1, 1, 0.1, 0.5));
        }
        List<Audit.Check> checks = Audit.sampling(fixed, ROWS, 0.05);
        assertThat(checks.get(0).ok()).isTrue();
        assertThat(Audit.allOk(checks)).as("%s", checks).isFalse();
    }

    @Test
    void budgetRefusesTheStepPastTheTarget() throws Exception {
        TrainingConfig c = config(PrivacyUnit.ROW, 100, 3);
        DpSgdPlan plan = DpSgdPlan.of(c, ROWS);
        Path file = dir.resolve("over.jsonl");
        try (JsonLinesTraceSink sink = JsonLinesTraceSink.create(file)) {
            DpSgdTrainer t = new DpSgdTrainer(c, TrainingRandomness.seededForTests(6),
                    new Tampering(false, 1.0, plan.steps()));
            assertThatThrownBy(() -> t.train(model(), DATA, sink, TrainingListener.NONE))
                    .isInstanceOf(PrivacyBudgetExceededException.class)
                    .hasMessageContaining("privacy budget exhausted")
                    .satisfies(e -> {
                        PrivacyBudgetExceededException p = (PrivacyBudgetExceededException) e;
                        assertThat(p.stepsTaken()).isEqualTo(p.maxSteps()).isGreaterThanOrEqualTo(plan.steps());
                    });
        }
        List<TraceRecord> trace = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            trace.add(new ObjectMapper().readValue(line, TraceRecord.class));
        }
        // No step past the budget happened, and every step logged stayed within the target.
        assertThat(trace.getLast().epsilonSpent()).isLessThanOrEqualTo(plan.targetEpsilon());
    }

    @Test
    void runReportsTheAccountantsEpsilonAndProgress() {
        TrainingConfig c = config(PrivacyUnit.ROW, 100, 3);
        List<Double> eps = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        TrainingResult r = new DpSgdTrainer(c, TrainingRandomness.seededForTests(7)).train(model(), DATA,
                TraceSink.NONE, (epoch, of, step, steps, loss, e) -> {
                    epochs.add(epoch);
                    eps.add(e);
                });
        assertThat(epochs).containsExactly(1, 2, 3);
        assertThat(eps).isSorted();
        assertThat(r.epsilon().value()).isLessThanOrEqualTo(2.0).isGreaterThan(1.9);
        assertThat(r.steps()).isEqualTo(r.plan().steps()).isEqualTo(60);
        assertThat(r.randomness()).contains("NOT PRIVATE");
        assertThat(TrainingRandomness.secure().description()).contains("DRBG");
    }

    @Test
    void seededRunsAreReproducible() {
        TrainingConfig c = config(PrivacyUnit.ROW, 100, 1);
        Model a = model();
        Model b = model();
        new DpSgdTrainer(c, TrainingRandomness.seededForTests(9)).train(a, DATA);
        new DpSgdTrainer(c, TrainingRandomness.seededForTests(9)).train(b, DATA);
        assertThat(a.parameters()).containsExactly(b.parameters());
    }
}
