package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.train.data.BuiltinSchemas;
import org.mlgate.train.data.SchemaFiles;

/** {@code mlgate data schema NAME [--out FILE]}: the shipped schemas, printed or written. */
class DataSchemaCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsEachShippedSchemaAsShipped() {
        for (String name : BuiltinSchemas.names()) {
            Cli.Result r = Cli.run("data", "schema", name);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().getBytes(StandardCharsets.UTF_8)).isEqualTo(BuiltinSchemas.json(name));
        }
    }

    @Test
    void writesToOutAndTheFileIsAcceptedAsASchema() throws Exception {
        Path out = tmp.resolve("bc.json");
        Cli.Result r = Cli.run("data", "schema", "Breast-Cancer", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("bc.json");
        assertThat(SchemaFiles.read(out)).isEqualTo(BuiltinSchemas.breastCancer());
    }

    @Test
    void unknownNameAndMissingFolderAreUsageErrors() {
        Cli.Result unknown = Cli.run("data", "schema", "iris");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("breast-cancer, credit-g, fraud");
        Cli.Result folder = Cli.run("data", "schema", "fraud", "--out", tmp.resolve("no/such.json").toString());
        assertThat(folder.code()).isEqualTo(2);
        assertThat(folder.out()).isEmpty();
    }
}
