package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.Digest;

/** {@code mlgate train} and {@code mlgate evaluate} end to end on a small synthetic fraud set. */
class TrainCommandTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private Map<String, String> env() {
        return Map.of("MLGATE_HOME", tmp.resolve("home").toString());
    }

    private Path fraud() {
        Path data = tmp.resolve("fraud.csv");
        Cli.Result r = Cli.run("data", "fraud", "--rows", "3000", "--seed", "11", "--out", data.toString(),
                "--schema-out", tmp.resolve("fraud-schema.json").toString());
        assertThat(r.code()).as(r.err()).isZero();
        return data;
    }

    @Test
    void dpTrainingInTheSandboxWritesModelCardProvenanceAndLineage() throws Exception {
        Path data = fraud();
        Path out = tmp.resolve("model");
        Path trace = tmp.resolve("trace.jsonl");
        Cli.Result r = Cli.run(env(), "train", "--data", data.toString(), "--schema",
                tmp.resolve("fraud-schema.json").toString(), "--dp", "--target-epsilon", "3", "--epochs", "3",
                "--trace", trace.toString(), "--out", out.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode card = MAPPER.readTree(r.out());
        assertThat(card.at("/privacy/epsilon").asDouble()).isBetween(2.9, 3.0);
        assertThat(card.at("/privacy/privacy_unit").asText()).isEqualTo("customer_id");
        assertThat(card.at("/privacy/units").asInt()).isPositive();
        assertThat(card.at("/sandbox").asText()).isEqualTo("bubblewrap");
        assertThat(card.at("/metrics/roc_auc").isNumber()).isTrue();
        assertThat(card.at("/schema/label/name").asText()).isEqualTo("is_fraud");
        for (String f : new String[] {"model.safetensors", "model-card.json", "schema.json", "provenance.json"}) {
            assertThat(out.resolve(f)).exists();
        }
        assertThat(out.resolve(".job.json")).doesNotExist();
        String first = Files.readAllLines(trace).getFirst();
        assertThat(MAPPER.readTree(first).has("noise_std")).isTrue();
        assertThat(MAPPER.readTree(first).has("batch_size")).isTrue();

        Cli.Result impact = Cli.run(env(), "lineage", "impact", "--format", "json", Digest.sha256(data).hex());
        assertThat(MAPPER.readTree(impact.out()).at("/artifacts").toString())
                .contains(card.at("/model/sha256").asText());

        Cli.Result ev = Cli.run("evaluate", "--model", out.toString(), "--data", data.toString(), "--format", "json");
        assertThat(ev.code()).as(ev.err()).isZero();
        JsonNode m = MAPPER.readTree(ev.out());
        assertThat(m.has("accuracy") && m.has("roc_auc") && m.has("pr_auc") && m.has("brier")).isTrue();
    }

    @Test
    void mlpWithSgdTrainsAndBadOptimizerIsAUsageError() throws Exception {
        Path data = fraud();
        Path out = tmp.resolve("mlp");
        Cli.Result r = Cli.run(env(), "train", "--data", data.toString(), "--schema",
                tmp.resolve("fraud-schema.json").toString(), "--arch", "mlp", "--hidden", "16,8", "--optimizer", "sgd",
                "--epochs", "2", "--no-sandbox", "--out", out.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode card = MAPPER.readTree(r.out());
        assertThat(card.at("/model/hidden").toString()).isEqualTo("[16,8]");
        assertThat(card.at("/sandbox").asText()).isEqualTo("none");
        assertThat(card.at("/privacy").isNull()).isTrue();
        assertThat(Cli.run(env(), "train", "--data", data.toString(), "--label", "is_fraud", "--arch", "lr",
                "--optimizer", "rmsprop", "--no-sandbox", "--out", tmp.resolve("bad").toString()).code()).isEqualTo(2);
    }

    @Test
    void inferredBoundsAreWithheldFromTheModelCard() throws Exception {
        Path bc = Path.of("..", "..", "shared", "datasets", "breast_cancer.csv");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(bc), "shared datasets absent; test skipped");
        Path out = tmp.resolve("inferred");
        Cli.Result r = Cli.run(env(), "train", "--data", bc.toString(), "--data-format", "sklearn-csv", "--label",
                "target", "--epochs", "2", "--no-sandbox", "--out", out.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode card = MAPPER.readTree(r.out());
        assertThat(card.at("/data/schema_inferred").asBoolean()).isTrue();
        assertThat(card.at("/schema/features/0").has("min")).isFalse();
        assertThat(card.at("/schema/features/0").has("max")).isFalse();
        assertThat(card.at("/schema/features/0/bounds").asText()).contains("withheld");
        // schema.json beside the model keeps them, for mlgate evaluate
        assertThat(MAPPER.readTree(out.resolve("schema.json").toFile()).at("/features/0/min").isNumber()).isTrue();
    }

    @Test
    void dpWithAnInferredSchemaIsRefusedAndLeavesNothing() {
        Path data = fraud();
        Path out = tmp.resolve("refused");
        Cli.Result r = Cli.run(env(), "train", "--data", data.toString(), "--label", "is_fraud", "--dp",
                "--target-epsilon", "1", "--no-sandbox", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    @Test
    void unsignedDatasetIsRefusedWithVerifyKey() throws Exception {
        Path data = fraud();
        Path pub = Path.of("..", "..", "shared", "vectors", "model-signing", "model-transparency", "keys",
                "certificate", "signing-key-pub.pem");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(pub), "shared signing keys absent; test skipped");
        Cli.Result r = Cli.run(env(), "train", "--data", data.toString(), "--schema",
                tmp.resolve("fraud-schema.json").toString(), "--verify-key", pub.toString(), "--no-sandbox", "--out",
                tmp.resolve("m").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("signature does not verify");
        assertThat(tmp.resolve("m")).doesNotExist();
    }
}
