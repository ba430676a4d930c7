package org.mlgate.train.sanitize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.FraudConfig;
import org.mlgate.train.data.FraudGenerator;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.Table;
import org.mlgate.train.poison.Poisoning;
import org.mlgate.train.poison.Trigger;

/**
 * Seeded poisoned versions of the synthetic fraud data: what each detector removes. The figures are deterministic
 * (seeded data, poisoning and defences), so the bounds below are regression bounds with some slack, not statistics.
 */
class SanitizerTest {
    @TempDir
    Path tmp;

    private Table fraud(int rows, long seed) {
        Path f = tmp.resolve("fraud-" + seed + ".csv");
        FraudGenerator.write(new FraudConfig(rows, seed), DataFormat.CSV, f);
        return DataFormat.CSV.read(f, ReadLimits.DEFAULT);
    }

    private static Poisoning.Poisoned poison(Table t, Poisoning p, long seed) {
        return p.apply(t, "is_fraud", RandomGeneratorFactory.of("L64X128MixRandom").create(seed));
    }

    /** {poison removed, clean removed} as shares. */
    private static double[] rates(Sanitizer.Report r, Poisoning.Poisoned p) {
        int tp = (int) r.removed().stream().filter(x -> p.poisoned().contains(x.row())).count();
        int clean = r.rows() - p.poisoned().size();
        return new double[] {(double) tp / p.poisoned().size(), (double) (r.removedTotal() - tp) / clean};
    }

    private static Sanitizer.Report run(Poisoning.Poisoned p, SanitizeConfig c) {
        return Sanitizer.run(p.table(), FraudGenerator.schema(), c, SanitizeRandomness.seededForTests(1));
    }

    @Test
    void exactValueBackdoorIsRemovedWithoutGuttingCleanData() {
        Table clean = fraud(8000, 3);
        for (double rate : new double[] {0.05, 0.10}) {
            Poisoning.Poisoned p = poison(clean, new Poisoning.Backdoor(Trigger.EXACT_AMOUNT, rate, "1", "0"), 7);
            Sanitizer.Report r = run(p, SanitizeConfig.of(rate));
            double[] tprFpr = rates(r, p);
            System.out.printf("backdoor amount=777.77 %.0f%%: removed %.1f%% of poison, %.2f%% of clean rows (%s)%n",
                    rate * 100, tprFpr[0] * 100, tprFpr[1] * 100, r.byDetector());
            assertThat(tprFpr[0]).as("poison removed at %s", rate).isGreaterThanOrEqualTo(0.9);
            assertThat(tprFpr[1]).as("clean removed at %s", rate).isLessThanOrEqualTo(0.05);
            assertThat(r.byDetector().get("rare-value")).isGreaterThanOrEqualTo((int) (0.9 * p.poisoned().size()));
            assertThat(r.removed()).allSatisfy(x -> assertThat(x.reason()).isNotBlank());
        }
    }

    /**
     * The two-column trigger has no rare value, and the trigger itself (card present) reads as legitimate to a model
     * that never saw the poison, so exclusionary reclassification confirms little of it; the copies are found as
     * near-copies of their originals, and activation clustering must at least not gut clean data.
     */
    @Test
    void twoColumnBackdoorIsFoundAsNearCopies() {
        Table clean = fraud(8000, 3);
        Poisoning.Poisoned p = poison(clean, new Poisoning.Backdoor(Trigger.CARD_PRESENT_ONLINE, 0.10, "1", "0"), 7);
        Sanitizer.Report r = run(p, SanitizeConfig.of(0.10));
        double[] tprFpr = rates(r, p);
        System.out.printf("backdoor card_present=1,online=1 10%%: removed %.1f%% of poison, %.2f%% of clean rows (%s)%n",
                tprFpr[0] * 100, tprFpr[1] * 100, r.byDetector());
        assertThat(tprFpr[0]).isGreaterThanOrEqualTo(0.9);
        assertThat(tprFpr[1]).isLessThanOrEqualTo(0.02);
        assertThat(r.byDetector().get("near-copy")).isGreaterThanOrEqualTo((int) (0.9 * p.poisoned().size()));
        assertThat(r.removed()).filteredOn(x -> x.detector().equals("near-copy")).allSatisfy(x ->
                assertThat(x.reason()).containsAnyOf("in every feature but", "carries the stamp")
                        .contains("card_present"));

        Sanitizer.Report ac = run(p, SanitizeConfig.of(0.10).withDetectors(Set.of(Detector.ACTIVATION_CLUSTERING)));
        assertThat(rates(ac, p)[1]).isLessThanOrEqualTo(0.02);
        assertThat(ac.removed()).allSatisfy(x -> assertThat(x.reason()).contains("cluster"));
    }

    /** A copy whose original is gone cannot pair, but it carries the stamp the paired copies confirmed. */
    @Test
    void copiesWithoutTheirOriginalAreFoundByTheirStamp() {
        Table clean = fraud(6000, 3);
        Poisoning.Poisoned p = poison(clean, new Poisoning.Backdoor(Trigger.CARD_PRESENT_ONLINE, 0.05, "1", "0"), 7);
        int id = p.table().indexOf("transaction_id").orElseThrow();
        // drop the originals of the first ten copies (copies keep their original's transaction id)
        java.util.Set<String> orphanIds = new java.util.HashSet<>();
        p.poisoned().stream().sorted().limit(10).forEach(i -> orphanIds.add(p.table().rows().get(i)[id]));
        List<String[]> rows = new java.util.ArrayList<>();
        java.util.Set<Integer> poisoned = new java.util.HashSet<>();
        java.util.Set<Integer> orphans = new java.util.HashSet<>();
        for (int i = 0; i < p.table().rowCount(); i++) {
            String[] r = p.table().rows().get(i);
            boolean copy = p.poisoned().contains(i);
            if (!copy && orphanIds.contains(r[id])) {
                continue; // the original
            }
            if (copy) {
                poisoned.add(rows.size());
                if (orphanIds.contains(r[id])) {
                    orphans.add(rows.size());
                }
            }
            rows.add(r);
        }
        int[] lines = java.util.stream.IntStream.range(0, rows.size()).map(i -> i + 2).toArray();
        Poisoning.Poisoned q = new Poisoning.Poisoned(new Table(clean.source(), clean.columns(), rows, lines), poisoned);
        Sanitizer.Report r = run(q, SanitizeConfig.of(0.05).withDetectors(Set.of(Detector.NEAR_COPY)));
        assertThat(orphans).isNotEmpty();
        assertThat(r.removed()).filteredOn(x -> orphans.contains(x.row())).hasSameSizeAs(orphans)
                .allSatisfy(x -> assertThat(x.reason()).contains("carries the stamp"));
        assertThat(rates(r, q)[1]).isZero();
    }

    /**
     * Flipped labels have no twin, so near-copies stay almost silent (a flip can split two near-identical rows of
     * one fraud burst, which then pair), and clean rows are not paired by chance.
     */
    @Test
    void nearCopiesIgnoreFlipsAndCleanData() {
        Table clean = fraud(6000, 9);
        Poisoning.Poisoned p = poison(clean, new Poisoning.RandomFlips(0.10, List.of("0", "1")), 13);
        Sanitizer.Report r = run(p, SanitizeConfig.of(0.10).withDetectors(Set.of(Detector.NEAR_COPY)));
        assertThat(r.removedTotal()).isLessThanOrEqualTo(6);
        assertThat(r.removed()).allSatisfy(x -> assertThat(p.poisoned()).contains(x.row()));
        assertThat(Sanitizer.run(clean, FraudGenerator.schema(), SanitizeConfig.of(0.05).withDetectors(
                Set.of(Detector.NEAR_COPY)), SanitizeRandomness.seededForTests(1)).removedTotal()).isZero();
    }

    /**
     * Flips at a steady rate are label noise, and a model fitted to the flipped data predicts them: the calibrated
     * label checks (LabelNoiseTest) leave them, and no clean rows go. Before, confident learning removed 40-65 % of
     * them, and with them 4-5 % of clean rows wherever labels are naturally noisy.
     */
    @Test
    void randomLabelFlipsAtASteadyRateCostNoCleanRows() {
        Table clean = fraud(6000, 9);
        Poisoning.Poisoned p = poison(clean, new Poisoning.RandomFlips(0.05, List.of("0", "1")), 13);
        Sanitizer.Report r = run(p, SanitizeConfig.of(0.05));
        double[] tprFpr = rates(r, p);
        System.out.printf("random flips 5%%: removed %.1f%% of flipped rows, %.2f%% of clean rows (%s)%n",
                tprFpr[0] * 100, tprFpr[1] * 100, r.byDetector());
        assertThat(tprFpr[1]).isLessThanOrEqualTo(0.01);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("activation clustering skipped"));
    }

    @Test
    void cleanDataLosesLittleAndTheBudgetHolds() {
        Table clean = fraud(4000, 5);
        Sanitizer.Report r = Sanitizer.run(clean, FraudGenerator.schema(), SanitizeConfig.of(0.05),
                SanitizeRandomness.seededForTests(2));
        System.out.printf("clean data: removed %d of %d rows (%s)%n", r.removedTotal(), r.rows(), r.byDetector());
        assertThat(r.removedTotal()).isLessThanOrEqualTo(r.budget());
        assertThat(r.removedTotal()).isLessThanOrEqualTo((int) (0.01 * r.rows()));
        assertThat(Sanitizer.clean(clean, r).rowCount()).isEqualTo(clean.rowCount() - r.removedTotal());
    }

    @Test
    void theBudgetCutsTheWeakestEvidenceFirst() {
        Table clean = fraud(4000, 5);
        Poisoning.Poisoned p = poison(clean, new Poisoning.Backdoor(Trigger.EXACT_AMOUNT, 0.05, "1", "0"), 7);
        // a budget of 1 % cannot hold the 5 % poison: whatever is removed must be the rare-value rows
        Sanitizer.Report r = run(p, SanitizeConfig.of(0.005).withMaxRemovalRate(0.01));
        assertThat(r.removedTotal()).isEqualTo(r.budget());
        assertThat(r.removed()).allSatisfy(x -> {
            assertThat(x.detector()).isEqualTo("rare-value");
            assertThat(p.poisoned()).contains(x.row());
        });
    }

    @Test
    void onlyTheChosenDetectorsRun() {
        Table clean = fraud(3000, 5);
        Poisoning.Poisoned p = poison(clean, new Poisoning.Backdoor(Trigger.EXACT_AMOUNT, 0.05, "1", "0"), 7);
        Sanitizer.Report r = run(p, SanitizeConfig.of(0.05).withDetectors(EnumSet.of(Detector.SPECTRAL_SIGNATURE,
                Detector.KNN_LABEL)));
        assertThat(r.flaggedByDetector().get("rare-value")).isZero();
        assertThat(r.flaggedByDetector().get("activation-clustering")).isZero();
        assertThat(r.flaggedByDetector().get("model-label")).isZero();
    }
}
