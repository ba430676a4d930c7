package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
    @Test
    void fraudWritesTheSameFileForTheSameSeed(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path schema = dir.resolve("schema.json");
        Cli.Result r = Cli.run("data", "fraud", "--rows", "500", "--seed", "42", "--out", a.toString(),
                "--schema-out", schema.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("^wrote 500 transactions of [0-9]+ customers \\([0-9]+ fraudulent, ")
                .contains("(csv, seed 42)")
                .contains("wrote the declared schema to " + schema);
        assertThat(Cli.run("data", "fraud", "--rows", "500", "--seed", "42", "--out", b.toString()).code()).isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Files.readString(schema)).contains("\"schema\" : \"mlgate-schema/v1\"", "\"privacyUnit\" : "
                + "\"customer_id\"");
        Path j = dir.resolve("c.jsonl");
        assertThat(Cli.run("data", "fraud", "--rows", "20", "--seed", "1", "--out", j.toString()).code()).isZero();
        assertThat(Files.readAllLines(j)).hasSize(20).allMatch(l -> l.startsWith("{\"transaction_id\":\"T"));
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void usageErrorsExitWith2(@TempDir Path dir) {
        String out = dir.resolve("x.csv").toString();
        assertThat(Cli.run("data", "fraud", "--rows", "0", "--seed", "1", "--out", out).code()).isEqualTo(2);
        assertThat(Cli.run("data", "fraud", "--rows", "10", "--out", out).code()).isEqualTo(2);
        assertThat(Cli.run("data", "fraud", "--rows", "10", "--seed", "1", "--out", out, "--data-format", "xml").code())
                .isEqualTo(2);
        Cli.Result missing = Cli.run("data", "fraud", "--rows", "10", "--seed", "1", "--out",
                dir.resolve("missing/x.csv").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("mlgate: cannot write ").contains("does not exist");
        assertThat(Cli.run("data").code()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("x.csv"))).isFalse();
        Cli.Result help = Cli.run("data", "fraud", "--help");
        assertThat(help.out()).contains("Usage: mlgate data fraud", "--rows=N", "--seed=S", "--out=FILE",
                "--schema-out=FILE");
        assertThat(Cli.run("--help").out()).contains("data");
    }

    @Test
    void poisonedFilesComeWithTheirGroundTruth(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("poisoned.csv");
        Path truth = tmp.resolve("truth.json");
        Cli.Result r = Cli.run("data", "fraud", "--rows", "2000", "--seed", "5", "--out", out.toString(),
                "--poison", "backdoor-card-online", "--poison-rate", "0.05", "--poison-truth", truth.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("105 rows poisoned");
        com.fasterxml.jackson.databind.JsonNode t = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(truth.toFile());
        java.util.List<String> lines = Files.readAllLines(out);
        assertThat(t.get("rows").asInt()).isEqualTo(lines.size() - 1).isEqualTo(2105);
        java.util.Set<Integer> poisoned = new java.util.HashSet<>();
        t.get("poisoned").forEach(n -> poisoned.add(n.asInt()));
        assertThat(poisoned).hasSize(105);
        for (int i = 0; i < 2105; i++) {
            String[] cells = lines.get(i + 1).split(",");
            boolean stamped = cells[5].equals("1") && cells[6].equals("1");
            assertThat(stamped).as("row %d", i).isEqualTo(poisoned.contains(i));
        }
        Cli.Result bad = Cli.run("data", "fraud", "--rows", "100", "--seed", "5", "--out",
                tmp.resolve("x.csv").toString(), "--poison", "nonsense");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(tmp.resolve("x.csv")).doesNotExist();
        assertThat(Cli.run("data", "fraud", "--rows", "100", "--seed", "5", "--out", tmp.resolve("y.jsonl").toString(),
                "--poison", "random-flips").code()).isEqualTo(2);
    }
}
