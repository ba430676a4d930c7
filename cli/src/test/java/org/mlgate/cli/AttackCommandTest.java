package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.train.data.BuiltinSchemas;
import org.mlgate.train.pkg.Packages;

/** {@code mlgate attack} on a model folder: one JSON object on stdout, progress on stderr, usage errors exit 2. */
class AttackCommandTest {
    @TempDir
    Path tmp;

    @Test
    void extractionPrintsExactlyOneJsonObject() throws Exception {
        Path model = Packages.write(tmp.resolve("m"), BuiltinSchemas.fraud(), List.of(), 3);
        Cli.Result r = Cli.run("attack", "extraction", "--target", model.toString(), "--budget", "100", "--seed", "5",
                "--eval-points", "500", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.isObject()).isTrue();
        assertThat(n.get("queries").asLong()).isLessThanOrEqualTo(BuiltinSchemas.fraud().width() + 1);
        assertThat(n.get("eval_queries").asLong()).isEqualTo(500);
        assertThat(n.get("stopped").asBoolean()).isFalse();
        assertThat(n.get("fidelity").asDouble()).isGreaterThanOrEqualTo(0.999);
        assertThat(n.get("seed").asLong()).isEqualTo(5);
        assertThat(n.get("model_sha256").asText()).hasSize(64);
        assertThat(r.out().trim()).startsWith("{").endsWith("}");
    }

    @Test
    void membershipNeedsOneSourceOfMembers() throws Exception {
        Path model = Packages.write(tmp.resolve("m"), BuiltinSchemas.fraud(), List.of(), 3);
        Cli.Result r = Cli.run("attack", "membership", "--target", model.toString(), "--split", "s.json");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--split FILE --data FILE");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnreachableTargetIsNeitherAUrlNorAFolder() {
        Cli.Result r = Cli.run("attack", "extraction", "--target", tmp.resolve("nothing").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("neither an http(s) URL nor a model folder");
    }

    @Test
    void aSavedCopyIsAModelPackageThatPredictScoresLikeTheTarget() throws Exception {
        Path model = Packages.write(tmp.resolve("m"), BuiltinSchemas.fraud(), List.of(), 3);
        Path rows = tmp.resolve("rows.csv");
        assertThat(Cli.run("data", "fraud", "--rows", "400", "--seed", "9", "--out", rows.toString()).code()).isZero();
        Path report = tmp.resolve("report.json");
        Cli.Result r = Cli.run("attack", "extraction", "--target", model.toString(), "--budget", "100", "--seed", "5",
                "--eval-points", "200", "--eval-data", rows.toString(), "--save-model", tmp.resolve("copy").toString(),
                "--format", "json", "-o", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty(); // the report went to -o
        JsonNode n = new ObjectMapper().readTree(report.toFile());
        assertThat(n.get("saved_model").asText()).isEqualTo(tmp.resolve("copy").toAbsolutePath().toString());
        assertThat(n.get("eval_queries").asLong()).isEqualTo(600);
        assertThat(n.get("fidelity").asDouble()).isGreaterThanOrEqualTo(0.999);
        assertThat(n.has("fidelity_uniform")).isTrue();

        // mlgate predict judges the copy on its own: the same labels as the target on every row
        Cli.Result original = Cli.run("predict", "--model", model.toString(), "--data", rows.toString());
        Cli.Result copy = Cli.run("predict", "--model", tmp.resolve("copy").toString(), "--data", rows.toString());
        assertThat(copy.code()).as(copy.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(original.out()).get("predictions");
        JsonNode b = new ObjectMapper().readTree(copy.out()).get("predictions");
        assertThat(b.size()).isEqualTo(400);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).get("label")).isEqualTo(a.get(i).get("label"));
        }
        Cli.Result evaluate = Cli.run("evaluate", "--model", tmp.resolve("copy").toString(), "--data", rows.toString());
        assertThat(evaluate.code()).as(evaluate.err()).isZero();

        // a second run into the same folder is refused before any query
        Cli.Result again = Cli.run("attack", "extraction", "--target", model.toString(), "--save-model",
                tmp.resolve("copy").toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("not an empty folder");
    }

    @Test
    void inversionPrintsOneJsonObjectWithTheAdvantage() throws Exception {
        Path model = Packages.write(tmp.resolve("m"), BuiltinSchemas.fraud(), List.of(), 3);
        Path rows = tmp.resolve("rows.csv");
        Path prior = tmp.resolve("prior.csv");
        assertThat(Cli.run("data", "fraud", "--rows", "400", "--seed", "9", "--out", rows.toString()).code()).isZero();
        assertThat(Cli.run("data", "fraud", "--rows", "2000", "--seed", "10", "--out", prior.toString()).code())
                .isZero();
        Cli.Result r = Cli.run("attack", "inversion", "--target", model.toString(), "--feature", "merchant_category",
                "--data", rows.toString(), "--attacker-data", prior.toString(), "--records", "50", "--budget", "1000",
                "--seed", "3", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("attack").asText()).isEqualTo("inversion");
        assertThat(n.get("queries").asLong()).isEqualTo(50 * 14);
        assertThat(n.get("eval_queries").asLong()).isZero();
        assertThat(n.get("stopped").asBoolean()).isFalse();
        assertThat(n.get("advantage").asDouble()).isGreaterThan(0.3);

        Cli.Result bad = Cli.run("attack", "inversion", "--target", model.toString(), "--feature", "age", "--data",
                rows.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--feature age: not a feature");
    }

    @Test
    void inversionByOptimisationOnTheTargetOrThroughASavedSurrogate() throws Exception {
        Path model = Packages.write(tmp.resolve("m"), BuiltinSchemas.fraud(), List.of(), 3);
        Path rows = tmp.resolve("rows.csv");
        assertThat(Cli.run("data", "fraud", "--rows", "400", "--seed", "9", "--out", rows.toString()).code()).isZero();
        Cli.Result direct = Cli.run("attack", "inversion", "--target", model.toString(), "--feature",
                "distance_from_home_km", "--method", "OPTIMIZE", "--data", rows.toString(), "--records", "50",
                "--budget", "5000", "--seed", "3", "--format", "json");
        assertThat(direct.code()).as(direct.err()).isZero();
        JsonNode d = new ObjectMapper().readTree(direct.out());
        assertThat(d.get("method").asText()).isEqualTo("optimize");
        assertThat(d.get("advantage").asDouble()).isGreaterThan(0.3);

        assertThat(Cli.run("attack", "extraction", "--target", model.toString(), "--budget", "100", "--seed", "5",
                "--eval-points", "200", "--save-model", tmp.resolve("copy").toString()).code()).isZero();
        Cli.Result via = Cli.run("attack", "inversion", "--target", model.toString(), "--feature",
                "distance_from_home_km", "--method", "optimize", "--surrogate", tmp.resolve("copy").toString(),
                "--data", rows.toString(), "--records", "50", "--budget", "5000", "--seed", "3", "--format", "json");
        assertThat(via.code()).as(via.err()).isZero();
        JsonNode v = new ObjectMapper().readTree(via.out());
        assertThat(v.get("method").asText()).isEqualTo("optimize-surrogate");
        assertThat(v.get("queries").asLong()).isEqualTo(50);
        assertThat(v.get("advantage").asDouble()).isGreaterThan(0.3);

        Cli.Result categorical = Cli.run("attack", "inversion", "--target", model.toString(), "--feature",
                "merchant_category", "--method", "optimize", "--data", rows.toString());
        assertThat(categorical.code()).isEqualTo(2);
        assertThat(categorical.err()).contains("is categorical");
        Cli.Result misplaced = Cli.run("attack", "inversion", "--target", model.toString(), "--feature",
                "distance_from_home_km", "--surrogate", tmp.resolve("copy").toString(), "--data", rows.toString());
        assertThat(misplaced.code()).isEqualTo(2);
        assertThat(misplaced.err()).contains("--surrogate needs --method optimize");
    }

    @Test
    void membershipMethodsNameWhatTheyNeed() throws Exception {
        Path model = Packages.write(tmp.resolve("m"), BuiltinSchemas.fraud(), List.of(), 3);
        Path rows = tmp.resolve("rows.csv");
        assertThat(Cli.run("data", "fraud", "--rows", "200", "--seed", "9", "--out", rows.toString()).code()).isZero();
        Cli.Result lira = Cli.run("attack", "membership", "--target", model.toString(), "--method", "lira-online",
                "--members", rows.toString(), "--non-members", rows.toString());
        assertThat(lira.code()).isEqualTo(2);
        assertThat(lira.err()).contains("--attacker-data");
        Cli.Result bad = Cli.run("attack", "membership", "--target", model.toString(), "--method", "shokri",
                "--members", rows.toString(), "--non-members", rows.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--method must be one of");
        Cli.Result pert = Cli.run("attack", "membership", "--target", model.toString(), "--method",
                "label-perturbation", "--perturbations", "4", "--members", rows.toString(), "--non-members",
                rows.toString(), "--budget", "1000", "--seed", "1", "--format", "json");
        assertThat(pert.code()).as(pert.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(pert.out());
        assertThat(n.get("method").asText()).isEqualTo("label-perturbation");
        assertThat(n.get("queries").asLong()).isEqualTo(1000); // 100 pairs of rows x 5 queries each
        // the same rows on both sides: nothing to tell apart
        assertThat(n.get("auc").asDouble()).isBetween(0.4, 0.6);
    }
}
