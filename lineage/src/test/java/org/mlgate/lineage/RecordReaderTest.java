package org.mlgate.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.provenance.ProvenanceRecorder;
import org.mlgate.lineage.intoto.Statement;
import org.mlgate.lineage.provenance.SlsaProvenance;

class RecordReaderTest {
    static final Path RECORDS = Path.of("src", "test", "resources", "records");

    @Test
    void provenanceRoundTripsAndBecomesInputRunOutputEdges() throws Exception {
        Artifact data = Fixtures.dataset("transactions.csv");
        Artifact code = new Artifact(Fixtures.digest("train.py"), ArtifactKind.CODE, "train.py");
        Artifact model = Fixtures.model("model.safetensors");
        byte[] bytes = Fixtures.run("run-1", List.of(data, code), List.of(model));
        Statement st = CanonicalJson.MAPPER.readValue(bytes, Statement.class);
        assertThat(CanonicalJson.bytes(st)).isEqualTo(bytes); // serialise → parse → equal bytes
        SlsaProvenance p = CanonicalJson.MAPPER.treeToValue(st.predicate(), SlsaProvenance.class);
        assertThat(CanonicalJson.MAPPER.treeToValue(CanonicalJson.MAPPER.valueToTree(p), SlsaProvenance.class))
                .isEqualTo(p);
        assertThat(p.buildDefinition().externalParameters()).containsEntry("epochs", 3);
        assertThat(p.runDetails().metadata().invocationId()).isEqualTo("run-1");
        assertThat(p.buildDefinition().internalParameters()).containsKey("environment");

        LineageEntry e = Fixtures.entry(bytes);
        assertThat(e.type()).isEqualTo(RecordType.PROVENANCE);
        assertThat(e.signer()).isNull();
        String run = e.mentions().getFirst().artifact().digest();
        assertThat(e.edges()).containsExactlyInAnyOrder(new Edge(data.digest(), run, Relation.INPUT),
                new Edge(code.digest(), run, Relation.CODE), new Edge(run, model.digest(), Relation.PRODUCED));
    }

    @Test
    void byproductsAreRecordedInTheRunDetails() throws Exception {
        ProvenanceRecorder r = ProvenanceRecorder.start("https://mlgate.dev/train/v1", "run-b", Fixtures.clock());
        r.uses(Fixtures.dataset("data.csv"));
        r.byproduct("sanitize-report.json", Fixtures.digest("report"), "sanitize-report");
        byte[] bytes = CanonicalJson.bytes(r.finish(List.of(Fixtures.model("model.safetensors"))));
        com.fasterxml.jackson.databind.JsonNode by = CanonicalJson.MAPPER.readTree(bytes)
                .at("/predicate/runDetails/byproducts/0");
        assertThat(by.at("/name").asText()).isEqualTo("sanitize-report.json");
        assertThat(by.at("/digest/sha256").asText()).isEqualTo(Fixtures.digest("report"));
        assertThat(by.at("/annotations/role").asText()).isEqualTo("sanitize-report");
        assertThat(Fixtures.entry(bytes)).isNotNull(); // still a valid provenance record
        byte[] none = Fixtures.run("run-c", List.of(Fixtures.dataset("d")), List.of(Fixtures.model("m")));
        assertThat(CanonicalJson.MAPPER.readTree(none).at("/predicate/runDetails").has("byproducts")).isFalse();
    }

    @Test
    void canonicalBytesDoNotDependOnKeyOrderOrWhitespace() throws Exception {
        byte[] bytes = Fixtures.run("run-1", List.of(Fixtures.dataset("d")), List.of(Fixtures.model("m")));
        JsonNode tree = CanonicalJson.MAPPER.readTree(bytes);
        String pretty = new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(tree);
        LineageEntry a = Fixtures.entry(bytes);
        LineageEntry b = Fixtures.entry(pretty.getBytes(StandardCharsets.UTF_8));
        // the run is the same artifact; the records differ (they are different files)
        assertThat(b.mentions().getFirst().artifact()).isEqualTo(a.mentions().getFirst().artifact());
        assertThat(b.recordDigest()).isNotEqualTo(a.recordDigest());
    }

    /** A statement written by an earlier version stays readable: the committed file must keep parsing the same. */
    @Test
    void committedProvenanceV1FixtureStillReads() throws Exception {
        byte[] file = Files.readAllBytes(RECORDS.resolve("provenance-v1.json"));
        LineageEntry e = Fixtures.entry(file);
        assertThat(e.mentions()).extracting(m -> m.artifact().kind()).containsExactly(ArtifactKind.RUN,
                ArtifactKind.DATASET, ArtifactKind.MODEL);
        assertThat(e.mentions().getFirst().artifact().name()).isEqualTo("run-fixture-1");
        assertThat(e.edges()).hasSize(2);
    }

    @Test
    void scanAndDeploymentStatements() throws Exception {
        Artifact model = Fixtures.model("m");
        LineageEntry scan = Fixtures.entry(Fixtures.scan(model, "SAFE"));
        assertThat(scan.type()).isEqualTo(RecordType.SCAN);
        assertThat(scan.edges()).singleElement().satisfies(e -> {
            assertThat(e.from()).isEqualTo(model.digest());
            assertThat(e.relation()).isEqualTo(Relation.SCANNED);
        });
        LineageEntry dep = Fixtures.entry(Fixtures.deployment("fraud-api", model));
        assertThat(dep.edges()).singleElement().satisfies(e -> assertThat(e.relation()).isEqualTo(Relation.DEPLOYED));
    }

    @Test
    void bundleIsRecordedOnlyAfterItsSignatureVerifies() throws Exception {
        byte[] statement = Fixtures.scan(Fixtures.model("m"), "SAFE");
        byte[] bundle = CanonicalJson.bytes(Map.of("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json",
                "verificationMaterial", Map.of(), "dsseEnvelope", Map.of("payloadType", Statement.PAYLOAD_TYPE,
                        "payload", Base64.getEncoder().encodeToString(statement), "signatures", List.of())));
        assertThatThrownBy(() -> RecordReader.read(bundle, "b.json", null, ArtifactKind.MODEL))
                .isInstanceOf(LineageException.class).hasMessageContaining("signed bundle");
        assertThatThrownBy(() -> RecordReader.read(bundle, "b.json", b -> {
            throw new LineageException("signature does not verify with the given key");
        }, ArtifactKind.MODEL)).hasMessageContaining("does not verify");
        LineageEntry ok = RecordReader.read(bundle, "b.json", b -> "key e8450dec", ArtifactKind.MODEL);
        assertThat(ok.signer()).isEqualTo("key e8450dec");
        assertThat(ok.verified()).isTrue();
    }

    @Test
    void malformedFilesAreRefusedNamingTheProblem() {
        assertRefused("", "not a JSON object");
        assertRefused("{\"_type\": ", "not valid JSON");
        assertRefused("[]", "not a JSON object");
        assertRefused("{\"a\": 1}", "neither an in-toto statement");
        assertRefused("{\"_type\": \"https://in-toto.io/Statement/v0.1\", \"subject\": [], \"predicateType\": \"x\","
                + " \"predicate\": {}}", "not https://in-toto.io/Statement/v1");
        assertRefused("{\"_type\": \"https://in-toto.io/Statement/v1\", \"subject\": [{\"name\": \"m\", \"digest\": "
                + "{\"sha256\": \"" + Fixtures.digest("m") + "\"}}], \"predicateType\": \"https://example.com/x\", "
                + "\"predicate\": {}}", "is not one the lineage store records");
        assertRefused("{\"_type\": \"https://in-toto.io/Statement/v1\", \"_type\": \"x\"}", "Duplicate field");
        assertRefused("{\"_type\": \"https://in-toto.io/Statement/v1\", \"subject\": [{\"name\": \"m\", \"digest\": "
                + "{\"sha256\": \"XYZ\"}}], \"predicateType\": \"" + RecordReader.MODEL_SIGNATURE + "\", "
                + "\"predicate\": {}}", "not a SHA-256 digest");
        String deep = "[".repeat(100) + "]".repeat(100);
        assertRefused("{\"_type\": " + deep + "}", "nesting depth");
    }

    @Test
    void dependencyWithoutKindIsRefused() throws Exception {
        JsonNode tree = CanonicalJson.MAPPER.readTree(Fixtures.run("r", List.of(Fixtures.dataset("d")),
                List.of(Fixtures.model("m"))));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/predicate/buildDefinition/resolvedDependencies/0"))
                .remove("annotations");
        assertRefused(tree.toString(), "kind annotation");
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> RecordReader.read(json.getBytes(StandardCharsets.UTF_8), "f.json", null,
                ArtifactKind.MODEL)).isInstanceOf(LineageException.class).hasMessageContaining(message);
    }

    @org.junit.jupiter.api.Test
    void aRecordFileIsCappedByItsSizeBeforeItIsRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path big = tmp.resolve("big.json");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(RecordReader.MAX_BYTES + 1);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordReader.readFile(big))
                .isInstanceOf(LineageException.class).hasMessageContaining("larger than " + RecordReader.MAX_BYTES);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordReader.readFile(tmp))
                .isInstanceOf(LineageException.class).hasMessageContaining("not a regular file");
        java.nio.file.Path ok = java.nio.file.Files.writeString(tmp.resolve("ok.json"), "{}");
        org.assertj.core.api.Assertions.assertThat(RecordReader.readFile(ok)).hasSize(2);
    }
}
