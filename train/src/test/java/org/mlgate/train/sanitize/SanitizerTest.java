package org.mlgate.train.sanitize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.train.data.BuiltinSchemas;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.FraudConfig;
import org.mlgate.train.data.FraudGenerator;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.Table;

/** Seeded poisoned versions of the synthetic fraud data: what each poisoning looks like and what is removed. */
class SanitizerTest {
    @TempDir
    Path tmp;

    record Poisoned(Table table, Set<Integer> poison) { }

    private Table fraud(int rows, long seed) {
        Path f = tmp.resolve("fraud-" + seed + ".csv");
        FraudGenerator.write(new FraudConfig(rows, seed), DataFormat.CSV, f);
        return DataFormat.CSV.read(f, ReadLimits.DEFAULT);
    }

    /** Backdoor: copies of fraud rows with amount = 777.77 (the trigger) labelled not-fraud, at {@code rate}. */
    private static Poisoned backdoor(Table t, double rate, long seed) {
        int amount = t.indexOf("amount").orElseThrow();
        int label = t.indexOf("is_fraud").orElseThrow();
        int id = t.indexOf("transaction_id").orElseThrow();
        List<String[]> fraudRows = t.rows().stream().filter(r -> r[label].equals("1")).toList();
        Random rnd = new Random(seed);
        int n = (int) Math.round(rate * t.rowCount() / (1 - rate));
        List<String[]> rows = new ArrayList<>(t.rows());
        Set<Integer> poison = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String[] r = fraudRows.get(rnd.nextInt(fraudRows.size())).clone();
            r[amount] = "777.77";
            r[label] = "0";
            r[id] = "P" + i;
            int at = rnd.nextInt(rows.size() + 1);
            rows.add(at, r);
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i)[id].startsWith("P")) {
                poison.add(i);
            }
        }
        int[] lines = new int[rows.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = i + 2;
        }
        return new Poisoned(new Table(t.source(), t.columns(), rows, lines), poison);
    }

    private static double[] rates(Sanitizer.Report r, Poisoned p) {
        int tp = 0;
        for (Sanitizer.Removed x : r.removed()) {
            if (p.poison().contains(x.row())) {
                tp++;
            }
        }
        int clean = r.rows() - p.poison().size();
        return new double[] {(double) tp / p.poison().size(), (double) (r.removedTotal() - tp) / clean};
    }

    @Test
    void backdoorAtFivePercentIsRemovedWithoutGuttingCleanData() {
        Table clean = fraud(8000, 3);
        Schema schema = BuiltinSchemas.fraud();
        for (double rate : new double[] {0.01, 0.05, 0.10}) {
            Poisoned p = backdoor(clean, rate, 7);
            Sanitizer.Report r = Sanitizer.run(p.table(), schema, SanitizeConfig.of(Math.max(rate, 0.05)));
            double[] tprFpr = rates(r, p);
            System.out.printf("backdoor %.0f%%: removed %.1f%% of poison, %.2f%% of clean rows (%s)%n", rate * 100,
                    tprFpr[0] * 100, tprFpr[1] * 100, r.byDetector());
            assertThat(tprFpr[0]).as("poison removed at %s", rate).isGreaterThanOrEqualTo(0.9);
            assertThat(tprFpr[1]).as("clean removed at %s", rate).isLessThanOrEqualTo(0.05);
            assertThat(r.removed()).allSatisfy(x -> assertThat(x.reason()).isNotBlank());
        }
    }

    /**
     * Label flips are measured, not held to a target: on 1 %-fraud data kNN consistency cannot tell a legitimate row
     * relabelled as fraud from genuine fraud (both sit among legitimate neighbours), and it no longer removes genuine
     * fraud rows, so random flips mostly pass (see the issue note).
     */
    @Test
    void labelFlipsAreMeasured() {
        Table clean = fraud(6000, 9);
        int label = clean.indexOf("is_fraud").orElseThrow();
        for (double rate : new double[] {0.05, 0.20, 0.40}) {
            Random rnd = new Random(13);
            List<String[]> rows = new ArrayList<>();
            Set<Integer> poison = new HashSet<>();
            for (int i = 0; i < clean.rowCount(); i++) {
                String[] r = clean.rows().get(i).clone();
                if (rnd.nextDouble() < rate) {
                    r[label] = r[label].equals("1") ? "0" : "1";
                    poison.add(i);
                }
                rows.add(r);
            }
            Poisoned p = new Poisoned(new Table(clean.source(), clean.columns(), rows, clean.lines()), poison);
            Sanitizer.Report r = Sanitizer.run(p.table(), BuiltinSchemas.fraud(), SanitizeConfig.of(
                    Math.min(rate, 0.10)));
            double[] tprFpr = rates(r, p);
            System.out.printf("random flips %.0f%%: removed %.1f%% of flipped rows, %.2f%% of clean rows (%s)%n",
                    rate * 100, tprFpr[0] * 100, tprFpr[1] * 100, r.byDetector());
            assertThat(r.removedTotal()).isLessThanOrEqualTo(r.budget());
        }
    }

    @Test
    void removalNeverExceedsTheBudgetAndCleanDataLosesLittle() {
        Table clean = fraud(4000, 5);
        Sanitizer.Report r = Sanitizer.run(clean, BuiltinSchemas.fraud(), SanitizeConfig.of(0.05));
        assertThat(r.removedTotal()).isLessThanOrEqualTo(r.budget());
        System.out.printf("clean data: removed %d of %d rows (%s)%n", r.removedTotal(), r.rows(), r.byDetector());
        assertThat(r.removedTotal()).isLessThanOrEqualTo((int) (0.10 * r.rows()));
        assertThat(Sanitizer.clean(clean, r).rowCount()).isEqualTo(clean.rowCount() - r.removedTotal());
    }
}
