package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.Digest;

/**
 * {@code mlgate train --adversarial/--sanitize} and {@code mlgate evaluate --robustness} end to end on small synthetic
 * fraud sets (without the sandbox, which {@link TrainCommandTest} covers).
 */
class TrainOptionsCommandTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String TRIGGER = "777.77";

    @TempDir
    Path tmp;

    private Map<String, String> env() {
        return Map.of("MLGATE_HOME", tmp.resolve("home").toString());
    }

    private Path fraud(int rows) {
        Path data = tmp.resolve("fraud.csv");
        Cli.Result r = Cli.run("data", "fraud", "--rows", String.valueOf(rows), "--seed", "11", "--out",
                data.toString(), "--schema-out", schema().toString());
        assertThat(r.code()).as(r.err()).isZero();
        return data;
    }

    private Path schema() {
        return tmp.resolve("fraud-schema.json");
    }

    /**
     * A backdoor as in {@code SanitizerTest}: copies of fraud rows with amount set to the trigger and labelled not
     * fraud, appended after the clean rows. Returns the 0-based data-row indices of the poison.
     */
    private static Set<Integer> poison(Path csv, int count) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(csv, StandardCharsets.UTF_8));
        List<String> header = List.of(lines.getFirst().split(","));
        int amount = header.indexOf("amount");
        int label = header.indexOf("is_fraud");
        int id = header.indexOf("transaction_id");
        List<String[]> fraudRows = lines.stream().skip(1).map(l -> l.split(",", -1))
                .filter(f -> f[label].equals("1")).toList();
        assertThat(fraudRows).isNotEmpty();
        assertThat(lines.stream().skip(1)).allSatisfy(l -> assertThat(l).doesNotContain("\""));
        Set<Integer> poison = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String[] r = fraudRows.get(i % fraudRows.size()).clone();
            r[amount] = TRIGGER;
            r[label] = "0";
            r[id] = "P" + i;
            poison.add(lines.size() - 1);
            lines.add(String.join(",", r));
        }
        Files.write(csv, lines, StandardCharsets.UTF_8);
        return poison;
    }

    @Test
    void adversarialTrainingWritesTheRobustnessSectionAndEvaluateMeasuresIt() throws Exception {
        Path data = fraud(3000);
        Path out = tmp.resolve("adv");
        Cli.Result r = Cli.run(env(), "train", "--data", data.toString(), "--schema", schema().toString(),
                "--adversarial", "pgd", "--adv-epsilon", "0.2", "--adv-steps", "3", "--immutable", "card_present,online",
                "--integer", "hour", "--epochs", "3", "--no-sandbox", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("robustness: pgd training at epsilon 0.2 x 3 steps, ratio 0.5, random start")
                .contains("at PGD eps 0.05").contains("(std units)");
        JsonNode card = MAPPER.readTree(out.resolve("model-card.json").toFile());
        JsonNode rb = card.at("/robustness");
        assertThat(rb.at("/training").asText()).isEqualTo("pgd");
        assertThat(rb.at("/epsilon").asDouble()).isEqualTo(0.2);
        assertThat(rb.at("/steps").asInt()).isEqualTo(3);
        assertThat(rb.at("/step_size").asDouble()).isCloseTo(2.5 * 0.2 / 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(rb.at("/ratio").asDouble()).isEqualTo(0.5);
        assertThat(rb.at("/random_start").asBoolean()).isTrue();
        assertThat(rb.at("/epsilon_units").asText()).isEqualTo("std");
        assertThat(rb.at("/epsilon_scale").asText()).contains("standard deviation on the training split");
        assertThat(rb.at("/immutable").toString()).isEqualTo("[\"card_present\",\"online\"]");
        assertThat(rb.at("/integer").toString()).isEqualTo("[\"hour\"]");
        JsonNode ev = rb.at("/evaluation");
        assertThat(ev.at("/split").asText()).isEqualTo("validation");
        assertThat(ev.at("/rows").asInt()).isEqualTo(card.at("/data/validation_rows").asInt());
        assertThat(ev.at("/clean_accuracy").asDouble()).isEqualTo(card.at("/metrics/accuracy").asDouble());
        assertThat(ev.at("/pgd")).hasSize(3);
        assertThat(ev.at("/pgd/0/epsilon").asDouble()).isEqualTo(0.05);
        assertThat(ev.at("/pgd/2/epsilon").asDouble()).isEqualTo(0.2);
        for (JsonNode p : ev.at("/pgd")) {
            assertThat(p.at("/accuracy").asDouble()).isBetween(0.0, ev.at("/clean_accuracy").asDouble());
            assertThat(p.at("/class_accuracy")).hasSize(2);
        }
        assertThat(ev.at("/clean_class_accuracy")).hasSize(2);
        // the legitimate class dominates: overall accuracy lies between the two classes' accuracies
        double legit = ev.at("/clean_class_accuracy/0").asDouble();
        double fraud = ev.at("/clean_class_accuracy/1").asDouble();
        assertThat(ev.at("/clean_accuracy").asDouble()).isBetween(Math.min(legit, fraud), Math.max(legit, fraud));
        assertThat(card.at("/sanitization").isNull()).isTrue();
        JsonNode params = MAPPER.readTree(out.resolve("provenance.json").toFile())
                .at("/predicate/buildDefinition/externalParameters");
        assertThat(params.toString()).contains("\"adversarial\":\"pgd\"").contains("\"adv_epsilon\":0.2")
                .contains("\"eps_units\":\"std\"").contains("\"sanitize\":false");

        Cli.Result text = Cli.run("evaluate", "--model", out.toString(), "--data", data.toString(), "--robustness",
                "--pgd-epsilon", "0.1,0.3", "--steps", "5", "--restarts", "2", "--immutable", "card_present");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("robustness: PGD, 5 steps, clean start + 2 random restarts")
                .contains("standard deviation on the evaluated rows").contains("immutable card_present")
                .contains("eps 0.1").contains("eps 0.3").containsPattern("eps 0\\.3 +[0-9.]+ +\\(0 [0-9.]+, 1 ");
        Cli.Result json = Cli.run("evaluate", "--model", out.toString(), "--data", data.toString(), "--robustness",
                "--eps-units", "range", "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode e = MAPPER.readTree(json.out());
        assertThat(e.at("/robustness/epsilon_units").asText()).isEqualTo("range");
        assertThat(e.at("/robustness/steps").asInt()).isEqualTo(20);
        assertThat(e.at("/robustness/restarts").asInt()).isEqualTo(1);
        assertThat(e.at("/robustness/clean_accuracy").asDouble()).isEqualTo(e.at("/accuracy").asDouble());
        assertThat(e.at("/robustness/pgd")).hasSize(3);
        assertThat(e.at("/robustness/classes").toString()).isEqualTo("[\"0\",\"1\"]");
        assertThat(e.at("/robustness/pgd/2/class_accuracy")).hasSize(2);
        assertThat(MAPPER.readTree(Cli.run("evaluate", "--model", out.toString(), "--data", data.toString(),
                "--format", "json").out()).at("/robustness").isNull()).isTrue();
        assertThat(Cli.run("evaluate", "--model", out.toString(), "--data", data.toString(), "--steps", "5").code())
                .as("--steps without --robustness").isEqualTo(2);
        assertThat(Cli.run("evaluate", "--model", out.toString(), "--data", data.toString(), "--robustness",
                "--pgd-epsilon", "2").code()).isEqualTo(2);
    }

    @Test
    void standardTrainingStillReportsRobustnessAndBadAdversarialOptionsAreUsageErrors() throws Exception {
        Path data = fraud(2000);
        Path out = tmp.resolve("std");
        Cli.Result r = Cli.run(env(), "train", "--data", data.toString(), "--schema", schema().toString(), "--arch",
                "mlp", "--hidden", "8", "--epochs", "2", "--no-sandbox", "--out", out.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rb = MAPPER.readTree(r.out()).at("/robustness");
        assertThat(rb.at("/training").asText()).isEqualTo("standard");
        assertThat(rb.at("/epsilon").isNull()).isTrue();
        assertThat(rb.at("/random_start").isNull()).isTrue();
        assertThat(rb.at("/evaluation/pgd")).hasSize(3);

        String[][] bad = {
            {"--adversarial", "cw"},
            {"--adv-epsilon", "0.1"},                                  // needs --adversarial
            {"--adversarial", "fgsm", "--adv-steps", "3"},
            {"--adversarial", "pgd", "--adv-epsilon", "1.5"},
            {"--adversarial", "pgd", "--adv-ratio", "0"},
            {"--adversarial", "pgd", "--eps-units", "sigma"},
            {"--adversarial", "pgd", "--immutable", "no_such_feature"},
            {"--adversarial", "pgd", "--integer", "amount"},           // log scale: integers are not a grid
            {"--expected-poison-rate", "0.1"},                         // needs --sanitize
            {"--sanitize", "--expected-poison-rate", "0.6"},
        };
        for (String[] b : bad) {
            List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--schema",
                    schema().toString(), "--epochs", "1", "--no-sandbox", "--out", tmp.resolve("bad").toString()));
            args.addAll(List.of(b));
            Cli.Result x = Cli.run(env(), args.toArray(String[]::new));
            assertThat(x.code()).as(String.join(" ", b) + ": " + x.err()).isEqualTo(2);
            assertThat(tmp.resolve("bad")).as(String.join(" ", b)).doesNotExist();
        }
    }

    @Test
    void dpRefusesStandardisedEpsilonAndSanitizeAndLeavesNothing() {
        Path data = fraud(2000);
        Path out = tmp.resolve("dp");
        Cli.Result std = Cli.run(env(), "train", "--data", data.toString(), "--schema", schema().toString(), "--dp",
                "--target-epsilon", "3", "--adversarial", "pgd", "--eps-units", "std", "--no-sandbox", "--out",
                out.toString());
        assertThat(std.code()).isEqualTo(2);
        assertThat(std.err()).contains("--eps-units std is refused with --dp").contains("range");
        assertThat(out).doesNotExist();

        Cli.Result san = Cli.run(env(), "train", "--data", data.toString(), "--schema", schema().toString(), "--dp",
                "--target-epsilon", "3", "--sanitize", "--no-sandbox", "--out", out.toString());
        assertThat(san.code()).isEqualTo(2);
        assertThat(san.err()).contains("--sanitize is refused with --dp").contains("not covered by the DP guarantee")
                .contains("mlgate sanitize");
        assertThat(out).doesNotExist();
    }

    @Test
    void dpAdversarialTrainingUsesRangeUnits() throws Exception {
        Path data = fraud(2000);
        Path out = tmp.resolve("dpadv");
        Cli.Result r = Cli.run(env(), "train", "--data", data.toString(), "--schema", schema().toString(), "--dp",
                "--target-epsilon", "3", "--epochs", "2", "--adversarial", "fgsm", "--no-sandbox", "--out",
                out.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode card = MAPPER.readTree(r.out());
        assertThat(card.at("/privacy/epsilon").asDouble()).isBetween(2.9, 3.0);
        assertThat(card.at("/robustness/training").asText()).isEqualTo("fgsm");
        assertThat(card.at("/robustness/random_start").asBoolean()).isFalse();
        assertThat(card.at("/robustness/epsilon_units").asText()).isEqualTo("range");
        assertThat(card.at("/robustness/epsilon_scale").asText()).contains("declared [min, max]");
    }

    @Test
    void sanitizeRemovesTheBackdoorBeforeTrainingAndReportsIt() throws Exception {
        Path data = fraud(3000);
        Set<Integer> poison = poison(data, 150);
        Path out = tmp.resolve("san");
        Cli.Result r = Cli.run(env(), "train", "--data", data.toString(), "--schema", schema().toString(),
                "--sanitize", "--expected-poison-rate", "0.05", "--epochs", "2", "--no-sandbox", "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("sanitized: removed \\d+ of 3150 rows \\(budget 315, expected poison "
                + "rate 0.05; .*\\); see sanitize-report.json");
        Path reportFile = out.resolve("sanitize-report.json");
        JsonNode report = MAPPER.readTree(reportFile.toFile());
        Set<Integer> removed = new HashSet<>();
        report.at("/removed").forEach(x -> removed.add(x.at("/row").asInt()));
        long caught = poison.stream().filter(removed::contains).count();
        assertThat(caught).as("poison rows removed").isGreaterThanOrEqualTo(135);   // ≥ 90 %
        assertThat(removed.size() - caught).as("clean rows removed").isLessThanOrEqualTo(150);  // ≤ 5 % of 3000

        JsonNode card = MAPPER.readTree(out.resolve("model-card.json").toFile());
        JsonNode z = card.at("/sanitization");
        assertThat(z.at("/rows").asInt()).isEqualTo(3150);
        assertThat(z.at("/removed_total").asInt()).isEqualTo(removed.size());
        assertThat(z.at("/budget").asInt()).isEqualTo(315);
        assertThat(z.at("/expected_poison_rate").asDouble()).isEqualTo(0.05);
        assertThat(z.at("/by_detector").size()).isPositive();
        assertThat(z.at("/flagged_by_detector/near-copy").asInt()).isGreaterThanOrEqualTo(135);
        assertThat(z.at("/representation").asText()).isEqualTo("activations");
        assertThat(z.at("/notes").isArray()).isTrue();
        assertThat(z.at("/report").asText()).isEqualTo("sanitize-report.json");
        assertThat(z.at("/report_sha256").asText()).isEqualTo(Digest.sha256(reportFile).hex());
        assertThat(card.at("/data/train_rows").asInt() + card.at("/data/validation_rows").asInt())
                .isEqualTo(3150 - removed.size());
        String provenance = Files.readString(out.resolve("provenance.json"));
        JsonNode byproduct = MAPPER.readTree(provenance).at("/predicate/runDetails/byproducts/0");
        assertThat(byproduct.at("/name").asText()).isEqualTo("sanitize-report.json");
        assertThat(byproduct.at("/digest/sha256").asText()).isEqualTo(Digest.sha256(reportFile).hex());
        assertThat(provenance).contains("\"sanitize\":true").contains("\"sanitize_removed\":" + removed.size())
                .contains("\"expected_poison_rate\":0.05");
    }
}
