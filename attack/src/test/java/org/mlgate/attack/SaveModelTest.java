package org.mlgate.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.attack.extraction.Extraction;
import org.mlgate.attack.extraction.ExtractionOptions;
import org.mlgate.attack.extraction.ExtractionResult;
import org.mlgate.attack.extraction.SurrogatePackage;
import org.mlgate.attack.oracle.AttackerData;
import org.mlgate.attack.oracle.LocalOracle;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.Digest;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.lineage.provenance.SlsaProvenance;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.train.data.BuiltinSchemas;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.FraudConfig;
import org.mlgate.train.data.FraudGenerator;
import org.mlgate.train.pkg.ModelPackage;
import org.mlgate.train.pkg.Packages;
import org.mlgate.train.pkg.Predictor;

/**
 * {@code --save-model}, {@code --attacker-data} and {@code --eval-data}: the extracted model is written as a package
 * that mlgate's own reader accepts, and its predictor is checked against the target independently of the attack's
 * figures. Fixed seeds: every assertion is deterministic (false-failure rate 0 at these seeds).
 */
class SaveModelTest {
    @TempDir
    Path tmp;

    private Target target(boolean labelsOnly) throws Exception {
        Path dir = Packages.write(tmp.resolve("target"), BuiltinSchemas.fraud(), List.of(), 11);
        Target t = Target.local(dir);
        return labelsOnly ? new Target(new LocalOracle(ModelPackage.open(dir).freeze(), dir.toString(), true),
                t.space(), "label", t.modelSha256()) : t;
    }

    private static double agreement(Predictor a, Predictor b, List<Map<String, Object>> rows) {
        List<double[]> pa = a.predict(rows);
        List<double[]> pb = b.predict(rows);
        int same = 0;
        for (int i = 0; i < rows.size(); i++) {
            same += (pa.get(i)[1] > pa.get(i)[0]) == (pb.get(i)[1] > pb.get(i)[0]) ? 1 : 0;
        }
        return (double) same / rows.size();
    }

    @Test
    void anExactCopyIsSavedAsAPackageThatAgreesWithTheTarget() throws Exception {
        Target t = target(false);
        ExtractionOptions o = new ExtractionOptions(ExtractionOptions.Method.AUTO, List.of(), 500, 5, 7);
        Extraction.Outcome outcome = Extraction.run(t, o, new Queries(t.oracle(), 100, q -> { }));
        ExtractionResult r = SurrogatePackage.write(outcome, t, o, tmp.resolve("copy"));
        assertThat(r.savedModel()).isEqualTo(tmp.resolve("copy").toAbsolutePath().toString());

        ModelPackage saved = ModelPackage.open(tmp.resolve("copy"));
        Predictor copy = saved.freeze();
        Predictor original = ModelPackage.open(tmp.resolve("target")).freeze();
        var rows = t.space().uniform(RandomGeneratorFactory.of("L64X128MixRandom").create(99), 2000);
        assertThat(agreement(copy, original, rows)).isGreaterThanOrEqualTo(0.999);
        // equation solving recovers the scores themselves, not only the labels
        for (int i = 0; i < 50; i++) {
            assertThat(copy.predict(rows.get(i))[1]).isCloseTo(original.predict(rows.get(i))[1],
                    org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(copy.schema().features()).isEqualTo(original.schema().features());
        assertThat(copy.schema().label()).isEqualTo(original.schema().label());

        var card = saved.card();
        assertThat(card.extraction()).isNotNull();
        assertThat(card.extraction().targetModelSha256()).isEqualTo(t.modelSha256());
        assertThat(card.extraction().queries()).isEqualTo(r.queries());
        assertThat(card.extraction().method()).isEqualTo("equation-solving");
        assertThat(card.extraction().attackerPool()).isEqualTo("uniform");
        assertThat(card.extraction().metricsAgainst()).isEqualTo("target_answers");
        assertThat(card.data().file()).isEqualTo("uniform");
        assertThat(card.data().trainRows()).isEqualTo((int) r.queries());
        assertThat(card.metrics().accuracy()).isEqualTo(r.fidelity());
        assertThat(card.privacy()).isNull();
        var predicate = CanonicalJson.MAPPER.treeToValue(saved.provenance().predicate(), SlsaProvenance.class);
        assertThat(predicate.buildDefinition().buildType()).isEqualTo(SurrogatePackage.BUILD_TYPE);
        assertThat(predicate.buildDefinition().resolvedDependencies()).anySatisfy(d ->
                assertThat(d.sha256()).isEqualTo(t.modelSha256()));
        // nothing else beside the package: the staging folder was renamed, not left
        try (var l = Files.list(tmp)) {
            assertThat(l.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("target", "copy");
        }
    }

    @Test
    void aLabelOnlyCopyFromTheAttackersOwnRowsIsJudgedOnTheEvalRows() throws Exception {
        Target t = target(true);
        Path pool = tmp.resolve("pool.csv");
        Path eval = tmp.resolve("eval.csv");
        FraudGenerator.write(new FraudConfig(3000, 1), DataFormat.CSV, pool);
        FraudGenerator.write(new FraudConfig(1000, 2), DataFormat.CSV, eval);
        AttackerData p = AttackerData.read(pool, t.space(), "--attacker-data");
        AttackerData e = AttackerData.read(eval, t.space(), "--eval-data");
        ExtractionOptions o = new ExtractionOptions(ExtractionOptions.Method.AUTO, List.of(), 500, 5, 8, p, e);
        Extraction.Outcome outcome = Extraction.run(t, o, new Queries(t.oracle(), 500, q -> { }));
        ExtractionResult r = SurrogatePackage.write(outcome, t, o, tmp.resolve("copy"));
        System.err.println("label-only from the attacker pool: " + r);
        assertThat(r.method()).isEqualTo("surrogate");
        assertThat(r.attackerPool()).isEqualTo(pool.toString());
        assertThat(r.evalRows()).isEqualTo(1000L);
        assertThat(r.evalQueries()).isEqualTo(1500); // 500 uniform points + 1,000 eval rows, outside the budget
        assertThat(r.queries()).isEqualTo(500);
        assertThat(r.fidelityUniform()).isNotNull();
        assertThat(r.fidelity()).isNotEqualTo(r.fidelityUniform());

        Predictor copy = ModelPackage.open(tmp.resolve("copy")).freeze();
        Predictor original = ModelPackage.open(tmp.resolve("target")).freeze();
        double onEval = agreement(copy, original, e.rows());
        assertThat(onEval).isEqualTo(r.fidelity()); // the package predicts what the attack measured
        assertThat(onEval).isGreaterThanOrEqualTo(0.9);
        var card = ModelPackage.open(tmp.resolve("copy")).card();
        assertThat(card.data().sha256()).isEqualTo(Digest.sha256(pool).hex());
        assertThat(card.extraction().evalDataSha256()).isEqualTo(Digest.sha256(eval).hex());
        assertThat(card.extraction().observedOutput()).isEqualTo("labels");
    }

    @Test
    void aBusyFolderIsRefusedBeforeAnyQueryAndAStoppedAttackWritesNothing() throws Exception {
        Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(tmp.resolve("busy/x"), "x");
        assertThatThrownBy(() -> SurrogatePackage.check(tmp.resolve("busy"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("not an empty folder");

        Target t = target(true);
        ExtractionOptions o = new ExtractionOptions(ExtractionOptions.Method.SURROGATE, List.of(), 10, 1, 9);
        Extraction.Outcome ran = Extraction.run(t, o, new Queries(t.oracle(), 10, x -> { }));
        // what a run the target stopped before any answer returns: no model
        Extraction.Outcome none = new Extraction.Outcome(ran.result(), null, ran.space(), null);
        assertThatThrownBy(() -> SurrogatePackage.write(none, t, o, tmp.resolve("none")))
                .isInstanceOf(IncompleteException.class).hasMessageContaining("nothing was written");
        assertThat(tmp.resolve("none")).doesNotExist();
    }
}
