package org.mlgate.train.sanitize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.train.bench.SanitizeBench;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.data.Encoder;
import org.mlgate.train.data.FraudConfig;
import org.mlgate.train.data.FraudGenerator;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.SchemaInference;
import org.mlgate.train.data.Table;
import org.mlgate.train.poison.Poisoning;

/**
 * Sanitising must not cost clean data when labels are naturally noisy (issue 19): the label checks flag a row only
 * when its label is improbable beyond the noise the cross-validated model predicts ({@link CalibratedLabelTest}).
 * The two regression tests below failed on confident learning's disagreement rule (500 of 5,000 logistic rows
 * removed; 12 of 223 genuine fraud rows).
 */
class LabelNoiseTest {
    @TempDir
    Path tmp;

    /**
     * Eight standard-normal features; labels drawn from a probability, y ~ Bernoulli(sigmoid(w·x)), or (deterministic)
     * y = [w·x > 0].
     */
    private Table logistic(int rows, long seed, boolean deterministic) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[8];
        for (int j = 0; j < w.length; j++) {
            w[j] = r.nextDouble(-1, 1);
        }
        StringBuilder csv = new StringBuilder("x0,x1,x2,x3,x4,x5,x6,x7,y\n");
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < w.length; j++) {
                double v = gaussian(r);
                s += w[j] * v;
                csv.append(String.format(java.util.Locale.ROOT, "%.5f,", v));
            }
            int y = deterministic ? (s > 0 ? 1 : 0) : (r.nextDouble() < 1 / (1 + Math.exp(-s)) ? 1 : 0);
            csv.append(y).append('\n');
        }
        Path f = tmp.resolve("logistic-" + seed + ".csv");
        Files.writeString(f, csv);
        return DataFormat.CSV.read(f, ReadLimits.DEFAULT);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void naturallyNoisyLabelsLoseNoMoreThanOnePercent() throws IOException {
        Table t = logistic(5000, 1, false);
        Schema schema = SchemaInference.infer(t, "y");
        Sanitizer.Report r = Sanitizer.run(t, schema, SanitizeConfig.of(SanitizeConfig.DEFAULT_POISON_RATE),
                SanitizeRandomness.seededForTests(1));
        System.out.printf("logistic labels: removed %d of %d %s%n", r.removedTotal(), r.rows(), r.removedByClass());
        assertThat(r.removedTotal()).isLessThanOrEqualTo(r.rows() / 100);
        assertThat(r.removedByClass()).containsOnlyKeys("0", "1");
        assertThat(r.rowsByClass().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(r.rows());
    }

    @Test
    void genuineFraudIsKept() {
        Table t = FraudGenerator.table(new FraudGenerator(new FraudConfig(20_000, 5)).generate());
        Sanitizer.Report r = Sanitizer.run(t, FraudGenerator.schema(),
                SanitizeConfig.of(SanitizeConfig.DEFAULT_POISON_RATE), SanitizeRandomness.seededForTests(3));
        System.out.printf("clean fraud data: removed %s of %s%n", r.removedByClass(), r.rowsByClass());
        assertThat(r.removedByClass().get("1")).isLessThanOrEqualTo(r.rowsByClass().get("1") / 100);
        assertThat(r.removedTotal()).isLessThanOrEqualTo(r.rows() / 100);
    }

    /**
     * Where the model is sure (a label it gives at most 1e-4, among rows whose labels it predicts well), a flipped label is
     * improbable beyond any noise and is found: 40 flips among 2,000 rows, all flagged, no genuine row. (The check
     * model itself, ten epochs of logistic regression, is rarely that sure: on 4,000 rows of a deterministic linear
     * rule with 2 % flips it flagged none; the README says so.)
     */
    @Test
    void labelsTheModelIsSureAboutAreFoundWhenFlipped() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 2000;
        double[][] post = new double[n][];
        int[] y = new int[n];
        Set<Integer> flipped = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            int truth = r.nextInt(2);
            double sure = 1 - r.nextDouble(1e-6, 1e-4);
            post[i] = truth == 1 ? new double[] {1 - sure, sure} : new double[] {sure, 1 - sure};
            y[i] = truth;
            if (i % 50 == 0) {
                y[i] = 1 - truth;
                flipped.add(i);
            }
        }
        List<Flag> flags = CalibratedLabelTest.flags(post, y, 2, Detector.MODEL_LABEL, (row, l, p, q) -> "x");
        assertThat(flags).extracting(Flag::row).containsExactlyInAnyOrderElementsOf(flipped);
    }

    @Test
    void pValuesAndTheBenjaminiHochbergCut() {
        assertThat(CalibratedLabelTest.pValue(new double[] {0.9, 0.1}, 1)).isEqualTo(0.1);
        assertThat(CalibratedLabelTest.pValue(new double[] {0.9, 0.1}, 0)).isEqualTo(1.0);
        assertThat(CalibratedLabelTest.pValue(new double[] {0.7, 0.2, 0.1}, 1)).isCloseTo(0.3,
                org.assertj.core.data.Offset.offset(1e-12));
        // m = 10, q = 0.05: thresholds 0.005, 0.01, ...; 0.004 and 0.009 qualify, 0.2 does not
        double[] p = {0.004, 0.2, 0.009, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1};
        assertThat(CalibratedLabelTest.threshold(p, 10, 0.05)).isEqualTo(0.009);
        assertThat(CalibratedLabelTest.threshold(new double[] {0.02, 0.5}, 2, 0.05)).isEqualTo(0.02);
        assertThat(CalibratedLabelTest.threshold(new double[] {0.03, 0.5}, 2, 0.05)).isEqualTo(-1);
    }

    /**
     * Labels drawn from the very posteriors the test reads (the null hypothesis true for every row): Benjamini–Hochberg
     * at 5 % rejects anything in at most 5 % of such datasets. Over 200 seeded datasets of 2,000 rows the count of
     * datasets with any flag is Binomial(200, ≤ 0.05): P(count > 22) < 1e-3 (mean 10, sd 3.1), the false-failure rate
     * for a correct test; a rule that flags the 2 % least likely labels regardless flags in every dataset.
     */
    @Test
    void underTheNullAtMostFivePercentOfDatasetsLoseAnyRow() {
        SplittableRandom r = new SplittableRandom(11);
        int withFlags = 0;
        int naiveWithFlags = 0;
        for (int d = 0; d < 200; d++) {
            int n = 2000;
            double[][] post = new double[n][];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                double q = r.nextDouble() < 0.5 ? r.nextDouble(0.001, 0.05) : r.nextDouble(0.05, 0.95);
                post[i] = new double[] {1 - q, q};
                y[i] = r.nextDouble() < q ? 1 : 0;
            }
            withFlags += CalibratedLabelTest.flags(post, y, 2, Detector.MODEL_LABEL, (row, l, p, q) -> "x").isEmpty()
                    ? 0 : 1;
            naiveWithFlags += naiveLeastLikely(post, y, 0.02).isEmpty() ? 0 : 1;
        }
        System.out.printf("null datasets with any flag: calibrated %d of 200, naive %d of 200%n", withFlags,
                naiveWithFlags);
        assertThat(withFlags).isLessThanOrEqualTo(22);
        assertThat(naiveWithFlags).isEqualTo(200);
    }

    /** The broken variant: the share {@code rate} of rows whose labels are least likely, whatever the noise. */
    private static List<Integer> naiveLeastLikely(double[][] post, int[] y, double rate) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            rows.add(i);
        }
        rows.sort(java.util.Comparator.comparingDouble(i -> post[i][y[i]]));
        return rows.subList(0, (int) (rate * y.length));
    }

    /**
     * The property at default settings, fewer runs for CI: {@value #CI_RUNS} seeded runs of
     * {@link SanitizeBench#repeated} (fresh data and poison seeds from a seeded generator, clean data and the backdoor
     * grid) may fail at most one. If each run passes with probability ≥ 0.99 (the target), seeds showing two or more
     * failures in 12 occur with probability ≤ 1 − 0.99^12 − 12·0.01·0.99^11 = 0.6 %: the false-failure rate. The full
     * 100-run figure comes from {@code mlgate bench sanitize --repeat 100} (README). The same check, given confident
     * learning's rule ({@link #naturallyNoisyLabelsLoseNoMoreThanOnePercent}'s predecessor), fails: see
     * {@link #theRunCheckCatchesTheDisagreementRule}.
     */
    @Test
    void atDefaultSettingsRunsKeepCleanRowsAndFindBackdoors() {
        List<SanitizeBench.Run> runs = SanitizeBench.repeated(CI_RUNS, 5000, SanitizeBench.repeatCycle(false),
                new SplittableRandom(19), SanitizeRandomness::seededForTests, System.out);
        assertThat(runs.stream().filter(x -> !x.pass()).count()).as("%s", runs).isLessThanOrEqualTo(1);
    }

    static final int CI_RUNS = 12;

    /** The per-run check applied to confident learning's rule on naturally noisy labels: every run fails it. */
    @Test
    void theRunCheckCatchesTheDisagreementRule() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            Table t = logistic(3000, 100 + seed, false);
            Schema schema = SchemaInference.infer(t, "y");
            Dataset d = Encoder.encode(schema, t);
            double[][] post = ModelLabelConsistency.posteriors(d, d.matrix().x(), SanitizeRandomness.seededForTests(seed));
            List<Flag> old = ConfidentLearning.flags(post, d.y(), 2, Detector.MODEL_LABEL, (row, l, o, p, q) -> "x");
            Sanitizer.Report broken = Sanitizer.select(d.y(), d.classes(), old, SanitizeConfig.of(0.05), List.of());
            Sanitizer.Report fixed = Sanitizer.select(d.y(), d.classes(), ModelLabelConsistency.detect(d, post),
                    SanitizeConfig.of(0.05), List.of());
            assertThat((double) broken.removedTotal() / broken.rows()).as("confident learning, seed %d", seed)
                    .isGreaterThan(SanitizeBench.MAX_CLEAN_REMOVED);
            assertThat((double) fixed.removedTotal() / fixed.rows()).as("calibrated, seed %d", seed)
                    .isLessThanOrEqualTo(SanitizeBench.MAX_CLEAN_REMOVED);
        }
    }
}
