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
}
