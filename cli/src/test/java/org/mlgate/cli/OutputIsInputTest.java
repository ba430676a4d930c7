package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command that writes files refuses (exit 2, input untouched) an output that is one of its inputs. */
class OutputIsInputTest {
    @TempDir
    Path tmp;

    private Path copy(String fixture) throws IOException {
        Path p = tmp.resolve(fixture);
        Files.copy(MainTest.CONVERT_FIXTURES.resolve(fixture), p);
        return p;
    }

    private void refused(Path input, String... args) throws IOException {
        byte[] before = Files.readAllBytes(input);
        Cli.Result r = Cli.run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).containsAnyOf("is the same file as", "two outputs would overwrite each other",
                "is inside", "contains");
        assertThat(Files.readAllBytes(input)).isEqualTo(before);
    }

    @Test
    void convertIntoItsOwnInputThroughEveryAlias() throws IOException {
        Path pt = copy("legacy_mlp.pt");
        Path hard = Files.createLink(tmp.resolve("hard.pt"), pt);
        Path link = Files.createSymbolicLink(tmp.resolve("link.pt"), pt);
        refused(pt, "convert", pt.toString(), "--out", pt.toString());
        refused(pt, "convert", "--verify", pt.toString(), "--out", hard.toString());
        refused(pt, "convert", pt.toString(), "--out", link.toString());
        refused(pt, "convert", pt.toString(), "--out", Files.createDirectory(tmp.resolve("x")).resolve("../legacy_mlp.pt").toString());
        refused(pt, "convert", pt.toString(), "--out", tmp.resolve("a.safetensors").toString(), "--provenance",
                tmp.resolve("a.safetensors").toString());
    }

    @Test
    void convertShardedIntoAFolderHoldingItsInput() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        try (var l = Files.list(MainTest.CONVERT_FIXTURES.resolve("sharded"))) {
            for (Path p : l.toList()) {
                Files.copy(p, src.resolve(p.getFileName()));
            }
        }
        Path index = src.resolve("pytorch_model.bin.index.json");
        refused(index, "convert", src.toString(), "--out", src.toString());
        refused(index, "convert", index.toString(), "--out", tmp.toString());
    }

    @Test
    void scanInspectSanitizeFraudPredict() throws IOException {
        Path pt = copy("legacy_mlp.pt");
        refused(pt, "scan", "--output", pt.toString(), pt.toString());
        refused(pt, "inspect", "-o", pt.toString(), pt.toString());
        Path data = tmp.resolve("d.csv");
        Path schema = tmp.resolve("s.json");
        Cli.Result made = Cli.run("data", "fraud", "--rows", "300", "--seed", "1", "--out", data.toString(), "--schema-out",
                schema.toString());
        assertThat(made.code()).as(made.err()).isZero();
        refused(data, "data", "fraud", "--rows", "300", "--seed", "1", "--out", data.toString(), "--schema-out", data.toString());
        refused(data, "sanitize", "--data", data.toString(), "--schema", schema.toString(), "--out", data.toString());
        refused(data, "sanitize", "--data", data.toString(), "--schema", schema.toString(), "--out",
                tmp.resolve("c.csv").toString(), "--report", tmp.resolve("c.csv").toString());
        refused(schema, "sanitize", "--data", data.toString(), "--schema", schema.toString(), "--out",
                tmp.resolve("c.csv").toString(), "--report", schema.toString());
    }
}
