package org.mlgate.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The readers on the real datasets in {@code ../../shared/datasets}; skipped, saying so, when it is absent. */
class SharedDatasetsTest {
    static final Path DIR = Path.of("../../shared/datasets");

    static Path dataset(String name) {
        Path p = DIR.resolve(name);
        if (!Files.isRegularFile(p)) {
            System.err.println("SKIPPED: " + p.toAbsolutePath().normalize() + " is absent (shared datasets not "
                    + "checked out)");
        }
        assumeTrue(Files.isRegularFile(p), "shared dataset " + p + " is absent: skipped");
        return p;
    }

    @Test
    void breastCancer() {
        Table t = SklearnCsv.read(dataset("breast_cancer.csv"), ReadLimits.DEFAULT);
        assertThat(t.rowCount()).isEqualTo(569);
        assertThat(t.columnCount()).isEqualTo(31);
        Schema s = SchemaInference.infer(t, SklearnCsv.TARGET);
        assertThat(s.features()).hasSize(30).allMatch(f -> f instanceof Feature.Numeric);
        assertThat(s.label().classes()).containsExactly("malignant", "benign");
        assertThat(s.dataDerived()).hasSize(31);
        Dataset d = Encoder.encode(s, t);
        assertThat(d.rows()).isEqualTo(569);
        assertThat(d.features()).isEqualTo(30);
        assertThat(d.classCounts()).containsExactly(212, 357);
        assertThat(d.x()[0][0]).isBetween(0.0, 1.0);
        Split split = Splitter.seeded(7).split(d, 0.7);
        assertThat(split.train().rows()).isEqualTo(398);
        assertThat(split.test().rows()).isEqualTo(171);
        assertThat(split.train().classCounts()).containsExactly(148, 250);
    }

    @Test
    void germanCredit() {
        Table t = ArffReader.read(dataset("credit-g.arff"), ReadLimits.DEFAULT);
        assertThat(t.rowCount()).isEqualTo(1000);
        assertThat(t.columnCount()).isEqualTo(21);
        assertThat(t.columns().getFirst().type()).isEqualTo(new ColumnType.Nominal(List.of("<0", "0<=X<200",
                ">=200", "no checking")));
        Schema s = SchemaInference.infer(t, "class");
        assertThat(s.features()).hasSize(20);
        assertThat(s.features().stream().filter(f -> f instanceof Feature.Numeric).count()).isEqualTo(7);
        assertThat(s.label().classes()).containsExactly("good", "bad");
        Feature.Categorical personal = (Feature.Categorical) s.features().get(8);
        assertThat(personal.categories()).contains("female single"); // declared in the header, absent in the rows
        Dataset d = Encoder.encode(s, t);
        assertThat(d.classCounts()).containsExactly(700, 300);
        assertThat(d.features()).isEqualTo(7 + 4 + 5 + 11 + 5 + 5 + 5 + 3 + 4 + 3 + 3 + 4 + 2 + 2);
        Split split = Splitter.seeded(1).split(d, 0.7);
        assertThat(split.train().classCounts()).containsExactly(490, 210);
        assertThat(split.test().classCounts()).containsExactly(210, 90);
    }

    @Test
    void theShippedDeclaredSchemasCoverTheDatasetsWithoutClipping() {
        Table bc = SklearnCsv.read(dataset("breast_cancer.csv"), ReadLimits.DEFAULT);
        Table cg = ArffReader.read(dataset("credit-g.arff"), ReadLimits.DEFAULT);
        for (var c : List.of(new Object[] {BuiltinSchemas.breastCancer(), bc}, new Object[] {BuiltinSchemas.creditG(), cg})) {
            Schema s = (Schema) c[0];
            Table t = (Table) c[1];
            assertThat(s.dataDerived()).isEmpty();
            s.requireDeclared("--dp");
            Dataset d = Encoder.encode(s, t);
            assertThat(d.rows()).isEqualTo(t.rowCount());
            for (int f = 0; f < s.features().size(); f++) {
                if (s.features().get(f) instanceof Feature.Numeric n) {
                    int col = t.indexOf(n.name()).orElseThrow();
                    for (String[] row : t.rows()) {
                        assertThat(Double.parseDouble(row[col])).as(n.name()).isBetween(n.min(), n.max());
                    }
                }
            }
        }
        assertThat(Encoder.encode(BuiltinSchemas.creditG(), cg).features()).isEqualTo(63);
        assertThat(Encoder.encode(BuiltinSchemas.breastCancer(), bc).classCounts()).containsExactly(212, 357);
    }

    @Test
    void aPlainLinearModelLearnsBothUnderTheDeclaredSchemas() {
        Dataset bc = Encoder.encode(BuiltinSchemas.breastCancer(), SklearnCsv.read(dataset("breast_cancer.csv"),
                ReadLimits.DEFAULT));
        Dataset cg = Encoder.encode(BuiltinSchemas.creditG(), ArffReader.read(dataset("credit-g.arff"),
                ReadLimits.DEFAULT));
        Split sb = Splitter.seeded(1).split(bc, 0.7);
        Split sc = Splitter.seeded(1).split(cg, 0.7);
        double aucBc = LogisticRegression.auc(LogisticRegression.fit(sb.train(), 500, 0.5), sb.test());
        // credit-g: class 0 is "good"; the AUC of the score for class 1 ("bad")
        double aucCg = LogisticRegression.auc(LogisticRegression.fit(sc.train(), 500, 0.5), sc.test());
        System.err.printf("declared schemas, plain logistic regression, 70/30: breast cancer test AUC %.4f, "
                + "credit-g test AUC %.4f%n", aucBc, aucCg);
        assertThat(aucBc).isGreaterThan(0.95);
        assertThat(aucCg).isGreaterThan(0.7);
    }
}
