package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.Digest;

/**
 * {@code data fraud --provenance}, {@code sanitize --provenance} and {@code convert --provenance} record their own
 * input → output digests, so the lineage graph of data fraud → sanitize → train has no missing edge (the impact of
 * the generated file reaches the cleaned file, the training run and the model) and a converted file stays linked to
 * its checkpoint.
 */
class DatasetProvenanceCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void dataFraudThenSanitizeThenTrainIsOneConnectedLineage() throws Exception {
        Map<String, String> env = Map.of("MLGATE_HOME", tmp.resolve("home").toString());
        Path raw = tmp.resolve("raw.csv");
        Path schema = tmp.resolve("schema.json");
        Cli.Result gen = Cli.run(env, "data", "fraud", "--rows", "3000", "--seed", "5", "--out", raw.toString(),
                "--schema-out", schema.toString(), "--poison", "backdoor-amount", "--poison-rate", "0.03",
                "--provenance", tmp.resolve("raw.prov.json").toString());
        assertThat(gen.code()).as(gen.err()).isZero();
        Path clean = tmp.resolve("clean.csv");
        Cli.Result san = Cli.run(env, "sanitize", "--data", raw.toString(), "--schema", schema.toString(), "--out",
                clean.toString(), "--report", tmp.resolve("report.json").toString(), "--provenance",
                tmp.resolve("clean.prov.json").toString());
        assertThat(san.code()).as(san.err()).isZero();
        JsonNode p = JSON.readTree(tmp.resolve("clean.prov.json").toFile());
        assertThat(p.at("/subject/0/digest/sha256").asText()).isEqualTo(Digest.sha256(clean).hex());
        assertThat(p.at("/predicate/buildDefinition/resolvedDependencies/0/digest/sha256").asText())
                .isEqualTo(Digest.sha256(raw).hex());
        assertThat(p.at("/predicate/runDetails/byproducts/0/digest/sha256").asText())
                .isEqualTo(Digest.sha256(tmp.resolve("report.json")).hex());
        Cli.Result rec = Cli.run(env, "lineage", "record", tmp.resolve("raw.prov.json").toString(),
                tmp.resolve("clean.prov.json").toString());
        assertThat(rec.code()).as(rec.err()).isZero();
        Cli.Result train = Cli.run(env, "train", "--data", clean.toString(), "--schema", schema.toString(),
                "--epochs", "1", "--no-sandbox", "--out", tmp.resolve("model").toString(), "--format", "json");
        assertThat(train.code()).as(train.err()).isZero();
        String model = JSON.readTree(train.out()).at("/model/sha256").asText();

        Cli.Result impact = Cli.run(env, "lineage", "impact", "--format", "json", Digest.sha256(raw).hex());
        assertThat(impact.code()).as(impact.err()).isZero();
        Map<String, String> kinds = new HashMap<>();
        JSON.readTree(impact.out()).get("artifacts").forEach(a -> kinds.put(a.get("digest").asText(),
                a.get("kind").asText()));
        assertThat(kinds).containsEntry(Digest.sha256(clean).hex(), "dataset").containsEntry(model, "model");
        assertThat(kinds.values()).filteredOn("run"::equals).hasSize(2); // the sanitize run and the training run
    }

    @Test
    void convertRecordsTheCheckpointItReadAndTheFileItWrote() throws Exception {
        Path in = Path.of("..", "samples", "mlp_state_dict.pt");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(in), "samples absent; test skipped");
        Path out = tmp.resolve("mlp.safetensors");
        Path prov = tmp.resolve("convert.prov.json");
        Cli.Result r = Cli.run("convert", "--provenance", prov.toString(), in.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode p = JSON.readTree(prov.toFile());
        assertThat(p.at("/predicate/buildDefinition/buildType").asText()).isEqualTo("https://mlgate.dev/convert/v1");
        assertThat(p.at("/predicate/buildDefinition/resolvedDependencies/0/digest/sha256").asText())
                .isEqualTo(Digest.sha256(in).hex());
        assertThat(p.at("/subject/0/digest/sha256").asText()).isEqualTo(Digest.sha256(out).hex());
        Map<String, String> env = Map.of("MLGATE_HOME", tmp.resolve("home").toString());
        assertThat(Cli.run(env, "lineage", "record", prov.toString()).code()).isZero();
        Cli.Result impact = Cli.run(env, "lineage", "impact", "--format", "json", Digest.sha256(in).hex());
        assertThat(impact.out()).contains(Digest.sha256(out).hex());
    }
}
