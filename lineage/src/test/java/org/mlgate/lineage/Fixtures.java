package org.mlgate.lineage;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.mlgate.core.Digest;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.intoto.ResourceDescriptor;
import org.mlgate.lineage.intoto.Statement;
import org.mlgate.lineage.provenance.ProvenanceRecorder;

/** Statements for tests: digests are SHA-256 of a label, so graphs are easy to read. */
public final class Fixtures {
    private Fixtures() {
    }

    public static String digest(String label) {
        return Digest.sha256(label.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
    }

    public static Artifact dataset(String label) {
        return new Artifact(digest(label), ArtifactKind.DATASET, label);
    }

    public static Artifact model(String label) {
        return new Artifact(digest(label), ArtifactKind.MODEL, label);
    }

    public static Clock clock() {
        return Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    }

    /** Canonical bytes of a training run's provenance: inputs → run → outputs. */
    public static byte[] run(String runId, List<Artifact> inputs, List<Artifact> outputs) {
        ProvenanceRecorder r = ProvenanceRecorder.start("https://mlgate.dev/train/v1", runId, clock());
        inputs.forEach(r::uses);
        r.parameter("epochs", 3).parameter("privacy", Map.of("epsilon", 3.0, "delta", 1e-5));
        return CanonicalJson.bytes(r.finish(outputs));
    }

    public static byte[] scan(Artifact target, String verdict) {
        return CanonicalJson.bytes(new Statement(Statement.TYPE_V1, List.of(new ResourceDescriptor(target.name(), null,
                Map.of("sha256", target.digest()), null)), RecordReader.SCAN,
                CanonicalJson.MAPPER.valueToTree(Map.of("verdict", verdict, "scanner", "mlgate"))));
    }

    public static byte[] deployment(String name, Artifact model) {
        return CanonicalJson.bytes(new Statement(Statement.TYPE_V1, List.of(new ResourceDescriptor(name, null,
                Map.of("sha256", digest("deployment " + name)), null)), RecordReader.DEPLOYMENT,
                CanonicalJson.MAPPER.valueToTree(Map.of("model", Map.of("name", model.name(), "digest",
                        Map.of("sha256", model.digest())), "environment", "prod"))));
    }

    public static LineageEntry entry(byte[] file) throws LineageException {
        return RecordReader.read(file, "test", null, ArtifactKind.MODEL);
    }
}
