package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlgate sanitize} on a generated fraud set with a planted trigger. */
class SanitizeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void plantedTriggerRowsAreRemovedAndReported() throws Exception {
        Path data = tmp.resolve("fraud.csv");
        Path schema = tmp.resolve("schema.json");
        assertThat(Cli.run("data", "fraud", "--rows", "3000", "--seed", "4", "--out", data.toString(), "--schema-out",
                schema.toString()).code()).isZero();
        List<String> lines = new ArrayList<>(Files.readAllLines(data));
        List<String> header = List.of(lines.getFirst().split(","));
        int amount = header.indexOf("amount");
        int label = header.indexOf("is_fraud");
        List<Integer> planted = new ArrayList<>();
        for (int i = 1; i < lines.size() && planted.size() < 150; i += 19) {
            String[] f = lines.get(i).split(",", -1);
            f[amount] = "777.77";
            f[label] = "0";
            lines.set(i, String.join(",", f));
            planted.add(i - 1); // 0-based index among the data rows
        }
        Files.write(data, lines);
        Path out = tmp.resolve("clean.csv");
        Path report = tmp.resolve("report.json");
        Cli.Result r = Cli.run("sanitize", "--data", data.toString(), "--schema", schema.toString(), "--out",
                out.toString(), "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        List<Integer> removed = new ArrayList<>();
        rep.get("removed").forEach(x -> removed.add(x.get("row").asInt()));
        assertThat(removed).containsAll(planted);
        // secure randomness (reference MLP, clustering): the bound, ≤ 5 % of the clean rows, not a tight one
        assertThat(removed.size() - planted.size()).isLessThanOrEqualTo((3000 - planted.size()) / 20);
        assertThat(rep.at("/removed/0/reason").asText()).isNotBlank();
        assertThat(Files.readAllLines(out)).hasSize(lines.size() - removed.size());
        assertThat(Files.readString(out)).doesNotContain("777.77");
    }

    @Test
    void theCleanFileIsWrittenInTheFormatItsNameSays() throws Exception {
        Path data = tmp.resolve("fraud.csv");
        Path schema = tmp.resolve("schema.json");
        assertThat(Cli.run("data", "fraud", "--rows", "1500", "--seed", "4", "--out", data.toString(), "--schema-out",
                schema.toString()).code()).isZero();
        Path out = tmp.resolve("clean.jsonl");
        Cli.Result r = Cli.run("sanitize", "--data", data.toString(), "--schema", schema.toString(), "--out",
                out.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        int kept = 1500 - new ObjectMapper().readTree(r.out()).get("removed").size();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(kept);
        JsonNode first = new ObjectMapper().readTree(lines.getFirst());
        assertThat(first.get("amount").isNumber()).isTrue();
        // and it reads back as the same table the CSV holds, row for row
        org.mlgate.train.data.Table csv = org.mlgate.train.data.DataFormat.CSV.read(data,
                org.mlgate.train.data.ReadLimits.DEFAULT);
        org.mlgate.train.data.Table jsonl = org.mlgate.train.data.DataFormat.JSONL.read(out,
                org.mlgate.train.data.ReadLimits.DEFAULT);
        assertThat(jsonl.columnNames()).isEqualTo(csv.columnNames());
        assertThat(jsonl.rowCount()).isEqualTo(kept);
        assertThat(csv.rows().stream().map(java.util.Arrays::asList).toList())
                .containsAll(jsonl.rows().stream().map(java.util.Arrays::asList).toList());
        Cli.Result arff = Cli.run("sanitize", "--data", data.toString(), "--schema", schema.toString(), "--out",
                tmp.resolve("clean.arff").toString());
        assertThat(arff.code()).isEqualTo(2);
        assertThat(tmp.resolve("clean.arff")).doesNotExist();
    }

    @Test
    void detectorsAndRepresentationAreChosenOnTheCommandLine() throws Exception {
        Path data = tmp.resolve("fraud.csv");
        Path schema = tmp.resolve("schema.json");
        assertThat(Cli.run("data", "fraud", "--rows", "2000", "--seed", "4", "--out", data.toString(), "--schema-out",
                schema.toString()).code()).isZero();
        Cli.Result r = Cli.run("sanitize", "--data", data.toString(), "--schema", schema.toString(), "--out",
                tmp.resolve("clean.csv").toString(), "--detectors", "rare-value,knn-label", "--representation",
                "features", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rep = new ObjectMapper().readTree(r.out());
        assertThat(rep.at("/representation").asText()).isEqualTo("features");
        assertThat(rep.at("/flagged_by_detector/model-label").asInt()).isZero();
        assertThat(rep.at("/flagged_by_detector/activation-clustering").asInt()).isZero();
        Cli.Result bad = Cli.run("sanitize", "--data", data.toString(), "--schema", schema.toString(), "--out",
                tmp.resolve("clean2.csv").toString(), "--detectors", "magic");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown detector 'magic'");
        assertThat(tmp.resolve("clean2.csv")).doesNotExist();
        // an inferred schema: identifiers must be dropped, and --drop is refused beside a schema file
        Cli.Result undropped = Cli.run("sanitize", "--data", data.toString(), "--label", "is_fraud", "--out",
                tmp.resolve("clean3.csv").toString());
        assertThat(undropped.code()).isEqualTo(2);
        assertThat(undropped.err()).contains("'transaction_id'").contains("--drop");
        Cli.Result inferred = Cli.run("sanitize", "--data", data.toString(), "--label", "is_fraud", "--drop",
                "transaction_id,customer_id", "--out", tmp.resolve("clean3.csv").toString(), "--detectors", "rare-value");
        assertThat(inferred.code()).as(inferred.err()).isZero();
        assertThat(tmp.resolve("clean3.csv")).exists();
        assertThat(Cli.run("sanitize", "--data", data.toString(), "--schema", schema.toString(), "--drop", "x",
                "--out", tmp.resolve("clean4.csv").toString()).code()).isEqualTo(2);
    }
}
