package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.Digest;

/**
 * {@code mlgate predict}, and {@code evaluate}/{@code inspect} on model packages, end to end on one small trained
 * fraud model: JSON and CSV output, invalid rows (exit 1, every row and field), {@code --skip-invalid}, and the exit
 * codes of an inconsistent (1) or incomplete (2) package.
 */
class PredictCommandTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path model;
    static Path data;

    @BeforeAll
    static void trainOne() {
        data = tmp.resolve("fraud.csv");
        Cli.Result d = Cli.run("data", "fraud", "--rows", "2000", "--seed", "5", "--out", data.toString(),
                "--schema-out", tmp.resolve("fraud-schema.json").toString());
        assertThat(d.code()).as(d.err()).isZero();
        model = tmp.resolve("model");
        Cli.Result t = Cli.run(Map.of("MLGATE_HOME", tmp.resolve("home").toString()), "train", "--data",
                data.toString(), "--schema", tmp.resolve("fraud-schema.json").toString(), "--epochs", "2",
                "--no-sandbox", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
    }

    /** The first {@code n} data rows of fraud.csv, header kept, optionally with one cell replaced. */
    private static Path rows(String name, int n, int row, String column, String value) throws Exception {
        List<String> lines = Files.readAllLines(data, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.getFirst().split(","));
        List<String> out = new ArrayList<>(List.of(lines.getFirst()));
        for (int r = 0; r < n; r++) {
            String[] cells = lines.get(r + 1).split(",", -1);
            if (r == row) {
                cells[header.indexOf(column)] = value;
            }
            out.add(String.join(",", cells));
        }
        Path f = tmp.resolve(name);
        Files.write(f, out, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void jsonPredictionsComeInInputOrderWithProbabilitiesInClassOrder() throws Exception {
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--data", rows("ten.csv", 10, -1, null, null)
                .toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = MAPPER.readTree(r.out());
        assertThat(doc.get("model_sha256").asText()).isEqualTo(Digest.sha256(model.resolve("model.safetensors")).hex());
        JsonNode p = doc.get("predictions");
        assertThat(p).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(p.get(i).get("row").asInt()).isEqualTo(i);
            List<String> classes = new ArrayList<>();
            p.get(i).get("probabilities").fieldNames().forEachRemaining(classes::add);
            assertThat(classes).containsExactly("0", "1");
            double p0 = p.get(i).at("/probabilities/0").asDouble();
            double p1 = p.get(i).at("/probabilities/1").asDouble();
            assertThat(p0 + p1).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(p.get(i).get("label").asText()).isEqualTo(p1 > p0 ? "1" : "0");
        }
    }

    @Test
    void csvOutputToAFileHoldsTheSameProbabilities() throws Exception {
        Path in = rows("five.csv", 5, -1, null, null);
        Path out = tmp.resolve("pred.csv");
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--data", in.toString(), "--format", "csv",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.getFirst()).isEqualTo("row,label,p_0,p_1");
        JsonNode json = MAPPER.readTree(Cli.run("predict", "--model", model.toString(), "--data", in.toString()).out());
        for (int i = 0; i < 5; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertThat(Double.parseDouble(cells[3])).isEqualTo(json.at("/predictions/" + i + "/probabilities/1")
                    .asDouble());
        }
    }

    @Test
    void anInvalidRowFailsTheCommandNamingEveryFailingRowAndField() throws Exception {
        Path in = rows("bad.csv", 6, 2, "amount", "1e9");
        List<String> lines = new ArrayList<>(Files.readAllLines(in));
        int hour = List.of(lines.getFirst().split(",")).indexOf("hour");
        String[] cells = lines.get(5).split(",", -1);
        cells[hour] = "25";
        lines.set(5, String.join(",", cells));
        Files.write(in, lines);
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--data", in.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly("mlgate: 2 invalid fields:",
                "  row 2: amount: out of range [0, 10000]: 1000000000 (" + in + ":4)",
                "  row 4: hour: out of range [0, 23]: 25 (" + in + ":6)");
    }

    @Test
    void skipInvalidScoresTheRestAndListsTheInvalidOnes() throws Exception {
        Path in = rows("skip.csv", 6, 3, "amount", "NaN");
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--data", in.toString(), "--skip-invalid");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = MAPPER.readTree(r.out());
        assertThat(doc.get("predictions")).hasSize(5);
        assertThat(doc.at("/predictions/3/row").asInt()).isEqualTo(4);
        assertThat(doc.at("/invalid/0/row").asInt()).isEqualTo(3);
        assertThat(doc.at("/invalid/0/field").asText()).isEqualTo("amount");
        assertThat(r.err()).contains("skipped", "amount");
    }

    @Test
    void anUnknownColumnIsRefused() throws Exception {
        Path in = tmp.resolve("extra.csv");
        List<String> lines = Files.readAllLines(rows("base.csv", 2, -1, null, null));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.add(lines.get(i) + (i == 0 ? ",backdoor" : ",1"));
        }
        Files.write(in, out);
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--data", in.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("backdoor", "unknown field");
    }

    @Test
    void anInconsistentPackageMakesPredictEvaluateAndInspectExit1() throws Exception {
        Path copy = copyOfModel("tampered");
        byte[] w = Files.readAllBytes(copy.resolve("model.safetensors"));
        w[w.length - 1] ^= 1;
        Files.write(copy.resolve("model.safetensors"), w);
        Path in = rows("three.csv", 3, -1, null, null);
        for (Cli.Result r : List.of(Cli.run("predict", "--model", copy.toString(), "--data", in.toString()),
                Cli.run("evaluate", "--model", copy.toString(), "--data", data.toString()),
                Cli.run("inspect", copy.toString()))) {
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("model.safetensors: sha256", "does not match model-card.json model.sha256");
        }
        Path extra = copyOfModel("extra-file");
        Files.writeString(extra.resolve("loader.py"), "import os");
        Cli.Result r = Cli.run("predict", "--model", extra.toString(), "--data", in.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("loader.py");
    }

    @Test
    void aPackageMissingAFileIsAUsageError() throws Exception {
        Path copy = copyOfModel("no-schema");
        Files.delete(copy.resolve("schema.json"));
        Cli.Result r = Cli.run("predict", "--model", copy.toString(), "--data", data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("schema.json");
        assertThat(Cli.run("predict", "--model", model.toString(), "--data", tmp.resolve("absent.csv").toString())
                .code()).isEqualTo(2);
    }

    @Test
    void outputOverAnInputIsRefused() throws Exception {
        Path in = rows("same.csv", 3, -1, null, null);
        byte[] before = Files.readAllBytes(in);
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--data", in.toString(), "--out", in.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(Files.readAllBytes(in)).isEqualTo(before);
    }

    private static Path copyOfModel(String name) throws Exception {
        Path copy = tmp.resolve(name);
        Files.createDirectories(copy);
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }
}
