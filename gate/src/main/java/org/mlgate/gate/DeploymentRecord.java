package org.mlgate.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlgate.core.Digest;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.LineageEntry;
import org.mlgate.lineage.RecordReader;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.intoto.ResourceDescriptor;
import org.mlgate.lineage.intoto.Statement;
import org.mlgate.lineage.store.LineageStore;

/**
 * The lineage store's deployment record ({@value RecordReader#DEPLOYMENT}): an in-toto statement whose subject is
 * the deployment (named, with the SHA-256 of its predicate as digest) and whose predicate names the admitted model
 * by the digest training provenance gives it ({@code model.digest.sha256}, see {@link Admission}) and by the OMS
 * root digest of the signed folder, with where it was deployed, when, and what admitted it. {@code lineage impact}
 * of a training dataset therefore reaches every deployment of the models trained on it.
 */
public final class DeploymentRecord {
    private DeploymentRecord() {
    }

    /** The predicate. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Predicate(@JsonProperty("model") ModelRef model, @JsonProperty("deployment") Target deployment,
                            @JsonProperty("deployed_at") String deployedAt,
                            @JsonProperty("admission") AdmissionInfo admission) { }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelRef(@JsonProperty("name") String name, @JsonProperty("digest") Map<String, String> digest,
                           @JsonProperty("oms_root_digest") Map<String, String> omsRootDigest) { }

    /** Where: a name (e.g. the served model's URL name) and a target (e.g. {@code http://host:port}). */
    public record Target(@JsonProperty("name") String name, @JsonProperty("target") String target) { }

    /** What admitted it: the signature's method and signer, and the scan evidence (kind, scanner, attestation). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AdmissionInfo(@JsonProperty("signature_method") String signatureMethod,
                                @JsonProperty("signer") String signer, @JsonProperty("scan") String scan,
                                @JsonProperty("scanner") String scanner, @JsonProperty("attestation") String attestation,
                                @JsonProperty("files") int files) { }

    /** The statement's bytes (canonical JSON) for an admitted model deployed as {@code name} at {@code target}. */
    public static byte[] statement(Admission a, String name, String target, Instant at) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        String root = a.signature().rootDigest();
        AdmissionInfo info = switch (a.evidence()) {
            case Admission.Evidence.SignatureOnly s -> new AdmissionInfo(a.signature().method(), a.signature().signer(),
                    "none", null, null, a.files().size());
            case Admission.Evidence.Scanned s -> new AdmissionInfo(a.signature().method(), a.signature().signer(),
                    "in-process", s.scanner(), null, a.files().size());
            case Admission.Evidence.Attested s -> new AdmissionInfo(a.signature().method(), a.signature().signer(),
                    "attestation", s.scanner(), s.attestation().toString(), a.files().size());
        };
        Predicate p = new Predicate(new ModelRef(a.model().getFileName() == null ? a.model().toString()
                : a.model().getFileName().toString(), Map.of("sha256", a.modelDigest()),
                root == null ? null : Map.of("sha256", root)), new Target(name, target), at.toString(), info);
        byte[] predicate = CanonicalJson.bytes(p);
        Statement st = new Statement(Statement.TYPE_V1, List.of(new ResourceDescriptor(name, null,
                Map.of("sha256", Digest.sha256(predicate).hex()), Map.of("kind", ArtifactKind.DEPLOYMENT.label()))),
                RecordReader.DEPLOYMENT, CanonicalJson.MAPPER.valueToTree(p));
        return CanonicalJson.bytes(st);
    }

    /** Records a deployment statement in {@code store}; returns the entry as the store read it. */
    public static LineageEntry record(LineageStore store, byte[] statement, String name) throws SQLException {
        LineageEntry e = RecordReader.read(statement, "deployment " + name, null, ArtifactKind.MODEL);
        store.record(e);
        return e;
    }
}
