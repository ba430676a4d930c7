package org.mlgate.train.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.train.data.Encoder;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Label;
import org.mlgate.train.data.Origin;
import org.mlgate.train.data.Scale;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.Table;
import org.mlgate.train.data.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorTest {
    @TempDir
    Path tmp;

    /** As the package test's schema, plus a feature whose bounds came from the (private) data. */
    static Schema schema() {
        Schema s = ModelPackageTest.schema();
        List<Feature> f = new ArrayList<>(s.features());
        f.add(new Feature.Numeric("income", 1000.0, 90000.0, Scale.LINEAR, Origin.DATA));
        return new Schema(f, new Label("fraud", List.of("0", "1")), List.of("id"), "customer");
    }

    private Predictor predictor(List<Integer> hidden) throws Exception {
        return ModelPackage.open(Packages.write(tmp.resolve("p" + hidden), schema(), hidden, 11)).freeze();
    }

    private static Map<String, Object> row(double amount, double hour, String channel, String merchant, double income) {
        Map<String, Object> m = new HashMap<>();
        m.put("amount", amount);
        m.put("hour", hour);
        m.put("channel", channel);
        m.put("merchant", merchant);
        m.put("income", income);
        return m;
    }

    @Test
    void everyFailingFieldIsListedAndPrivateBoundsAreWithheld() throws Exception {
        Predictor p = predictor(List.of());
        Map<String, Object> bad = new HashMap<>();
        bad.put("amount", Double.NaN);
        bad.put("hour", 24);
        bad.put("channel", "phone");
        bad.put("income", 1e9);
        bad.put("note", "x");
        bad.put("merchant", null);
        assertThatThrownBy(() -> p.predict(bad)).isInstanceOfSatisfying(RowRejected.class, e -> {
            assertThat(e.errors()).extracting(RowRejected.FieldError::field)
                    .containsExactlyInAnyOrder("amount", "hour", "channel", "income", "note", "merchant");
            assertThat(e.errors()).extracting(RowRejected.FieldError::toString).contains(
                    "row 0: amount: not a finite number", "row 0: hour: out of range [0, 23]: 24",
                    "row 0: channel: unknown category 'phone'", "row 0: income: out of range",
                    "row 0: note: unknown field (not a feature of the model)", "row 0: merchant: null");
            assertThat(e.getMessage()).doesNotContain("90000", "1000,");
        });
        Map<String, Object> partial = row(1, 2, "web", "fuel", 2000);
        partial.remove("hour");
        assertThatThrownBy(() -> p.predict(partial)).isInstanceOf(RowRejected.class).hasMessageContaining("hour: missing");
        Map<String, Object> typed = row(1, 2, "web", "fuel", 2000);
        typed.put("hour", true);
        typed.put("channel", 3);
        assertThatThrownBy(() -> p.predict(typed)).hasMessageContaining("hour: expected a number, got a boolean")
                .hasMessageContaining("channel: expected a category (a string), got a number");
    }

    @Test
    void labelPrivacyUnitAndDroppedColumnsAreRefusedUnlessIgnored() throws Exception {
        Predictor p = predictor(List.of());
        Map<String, Object> r = row(10, 3, "web", "fuel", 5000);
        r.put("fraud", "1");
        r.put("customer", "C1");
        r.put("id", "T1");
        assertThatThrownBy(() -> p.predict(r)).isInstanceOf(RowRejected.class);
        Map<String, Object> r2 = new HashMap<>(r);
        r2.remove("fraud");
        assertThat(p.ignoring(java.util.Set.of("customer", "id")).predict(r2)).hasSize(2);
    }

    @Test
    void aBatchIsJudgedWholeAndErrorsCarryTheirRow() throws Exception {
        Predictor p = predictor(List.of());
        List<Map<String, Object>> batch = List.of(row(1, 1, "web", "fuel", 5000), row(1, 99, "web", "fuel", 5000),
                row(1, 1, "web", "bakery", 5000), row(-1, 1, "web", "fuel", 5000));
        assertThatThrownBy(() -> p.predict(batch)).isInstanceOfSatisfying(RowRejected.class, e ->
                assertThat(e.errors()).extracting(RowRejected.FieldError::row).containsExactly(1, 3));
        // an unseen merchant goes to the <other> slot (unseen: other); that row was valid
        assertThat(p.partition(batch).valid()).containsExactly(0, 2);
    }

    @Test
    void probabilitiesEqualTheTrainingEncoderAndModel() throws Exception {
        for (List<Integer> hidden : List.of(List.<Integer>of(), List.of(8))) {
            ModelPackage pkg = ModelPackage.open(Packages.write(tmp.resolve("q" + hidden), schema(), hidden, 3));
            Predictor p = pkg.freeze();
            RandomGenerator g = RandomGeneratorFactory.of("L64X128MixRandom").create(5);
            List<Map<String, Object>> rows = new ArrayList<>();
            List<String[]> cells = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Map<String, Object> r = row(g.nextDouble(0, 1000), g.nextInt(24), g.nextBoolean() ? "web" : "shop",
                        g.nextBoolean() ? "fuel" : "cinema", g.nextDouble(1000, 90000));
                rows.add(r);
                cells.add(new String[] {r.get("amount").toString(), r.get("hour").toString(), (String) r.get("channel"),
                        (String) r.get("merchant"), r.get("income").toString(), "0", "C" + i});
            }
            Table t = Table.of("rows", List.of(Column.undeclared("amount"), Column.undeclared("hour"),
                    Column.undeclared("channel"), Column.undeclared("merchant"), Column.undeclared("income"),
                    Column.undeclared("fraud"), Column.undeclared("customer")), cells);
            var training = Encoder.encode(pkg.schema(), t).matrix();
            float[] expected = pkg.modelCopy().predictProbabilities(training.x(), training.rows());
            List<double[]> got = p.predict(rows);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(got.get(i)[0]).isEqualTo((double) expected[2 * i]);
                assertThat(got.get(i)[1]).isEqualTo((double) expected[2 * i + 1]);
            }
        }
    }

    @Test
    void manyThreadsOnOnePredictorGiveTheSameResultsAsOne() throws Exception {
        Predictor p = predictor(List.of(16));
        RandomGenerator g = RandomGeneratorFactory.of("L64X128MixRandom").create(9);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rows.add(row(g.nextDouble(0, 1000), g.nextInt(24), g.nextBoolean() ? "web" : "shop",
                    g.nextBoolean() ? "fuel" : "grocery", g.nextDouble(1000, 90000)));
        }
        List<double[]> single = new ArrayList<>();
        rows.forEach(r -> single.add(p.predict(r)));
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 250;
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < rows.size(); i++) {
                            int k = (i + offset) % rows.size();
                            if (!java.util.Arrays.equals(p.predict(rows.get(k)), single.get(k))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : futures) {
                assertThat(f.get()).isTrue();
            }
        }
    }
}
