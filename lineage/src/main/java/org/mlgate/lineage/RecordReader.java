package org.mlgate.lineage;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.mlgate.core.Digest;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.intoto.ResourceDescriptor;
import org.mlgate.lineage.intoto.Statement;
import org.mlgate.lineage.provenance.SlsaProvenance;

/**
 * Turns a file — a Sigstore bundle holding a DSSE-signed in-toto statement, or a bare statement — into a
 * {@link LineageEntry}. A bundle is recorded only after {@link BundleVerifier} accepts its signature; a bare
 * statement is recorded as unsigned. Understood predicates: SLSA v1 provenance (dependencies → run → subjects),
 * model signing v1.0 (a signed model or dataset), mlgate scan attestations (artifact → scan, with the verdict) and
 * mlgate deployments (model → deployment). Anything else is refused, naming what was found.
 */
public final class RecordReader {
    public static final long MAX_BYTES = 16L << 20;
    public static final String MODEL_SIGNATURE = "https://model_signing/signature/v1.0";
    public static final String SCAN = "https://mlgate.dev/scan/v1";
    /** The scan attestation since it records its policy (snake_case); read like v1, by its verdict. */
    public static final String SCAN_V2 = "https://mlgate.dev/scan/v2";
    public static final String DEPLOYMENT = "https://mlgate.dev/deployment/v1";
    private static final String BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle";

    private RecordReader() {
    }

    /**
     * The bytes of a record file, checked before it is opened: a regular file (a pipe would block the read) of at
     * most {@link #MAX_BYTES} (refused by its size, not after reading it into memory). Read with the cap too.
     */
    public static byte[] readFile(java.nio.file.Path file) throws IOException {
        var a = java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new LineageException(file + " is not a regular file");
        }
        if (a.size() > MAX_BYTES) {
            throw new LineageException(file + " is " + a.size() + " bytes, larger than " + MAX_BYTES
                    + ": not a lineage record");
        }
        try (var in = java.nio.file.Files.newInputStream(file)) {
            byte[] b = in.readNBytes((int) MAX_BYTES + 1);
            if (b.length > MAX_BYTES) {
                throw new LineageException(file + " grew beyond " + MAX_BYTES + " bytes while being read");
            }
            return b;
        }
    }

    /**
     * Reads {@code file}; {@code verifier} checks bundles (null: bundles are refused); {@code signedKind} is what a
     * model-signing statement's subject is (a model unless told it is a dataset).
     */
    public static LineageEntry read(byte[] file, String name, BundleVerifier verifier, ArtifactKind signedKind)
            throws LineageException {
        if (file.length > MAX_BYTES) {
            throw new LineageException(name + " is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root = tree(file, name);
        String signer = null;
        byte[] statementBytes = file;
        if (root.path("mediaType").asText("").startsWith(BUNDLE_MEDIA_TYPE)) {
            if (verifier == null) {
                throw LineageException.unverified(name + " is a signed bundle: give the key or certificate chain that "
                        + "verifies it (a record whose signature is not verified is refused)");
            }
            signer = verifier.verify(file);
            JsonNode envelope = root.path("dsseEnvelope");
            if (!Statement.PAYLOAD_TYPE.equals(envelope.path("payloadType").asText(null))) {
                throw new LineageException(name + ": DSSE payload type is '" + envelope.path("payloadType").asText()
                        + "', not " + Statement.PAYLOAD_TYPE);
            }
            try {
                statementBytes = Base64.getDecoder().decode(envelope.path("payload").asText(""));
            } catch (IllegalArgumentException e) {
                throw new LineageException(name + ": DSSE payload is not base64", e);
            }
            root = tree(statementBytes, name + " (payload)");
        } else if (!root.has("_type")) {
            throw new LineageException(name + " is neither an in-toto statement (no _type) nor a Sigstore bundle");
        }
        Statement st;
        try {
            st = CanonicalJson.MAPPER.treeToValue(root, Statement.class);
        } catch (JacksonException e) {
            throw new LineageException(name + ": not an in-toto statement: " + e.getOriginalMessage(), e);
        }
        if (!Statement.TYPE_V1.equals(st.type())) {
            throw new LineageException(name + ": statement _type is '" + st.type() + "', not " + Statement.TYPE_V1);
        }
        if (st.subject() == null || st.subject().isEmpty() || st.predicateType() == null || st.predicate() == null) {
            throw new LineageException(name + ": statement has no subject, predicateType or predicate");
        }
        String statementDigest = Digest.sha256(CanonicalJson.bytes(root)).hex();
        String recordDigest = Digest.sha256(file).hex();
        String body = new String(file, StandardCharsets.UTF_8);
        try {
            return switch (st.predicateType()) {
                case SlsaProvenance.PREDICATE_TYPE -> provenance(st, statementDigest, recordDigest, signer, body, name);
                case MODEL_SIGNATURE -> new LineageEntry(recordDigest, RecordType.SIGNATURE, st.predicateType(), signer,
                        List.of(new LineageEntry.Mention(subject(st.subject().getFirst(), signedKind, name), "signed",
                                signer == null ? "unsigned statement" : "signed by " + signer)), List.of(), body);
                case SCAN, SCAN_V2 -> scan(st, statementDigest, recordDigest, signer, body, name);
                case DEPLOYMENT -> deployment(st, recordDigest, signer, body, name);
                default -> throw new LineageException(name + ": predicate type " + st.predicateType() + " is not one "
                        + "the lineage store records (SLSA provenance v1, model signing v1.0, mlgate scan, mlgate "
                        + "deployment)");
            };
        } catch (IllegalArgumentException e) {
            throw new LineageException(name + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code file} is a bare (unsigned) statement: a JSON object with {@code _type} and no bundle media type. */
    public static boolean isBareStatement(byte[] file) {
        try {
            JsonNode n = tree(file, "file");
            return n.has("_type") && !n.has("mediaType");
        } catch (LineageException e) {
            return false;
        }
    }

    private static JsonNode tree(byte[] bytes, String name) throws LineageException {
        try {
            JsonNode n = CanonicalJson.MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new LineageException(name + " is not a JSON object");
            }
            return n;
        } catch (JacksonException e) {
            throw new LineageException(name + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new LineageException(name + ": " + e.getMessage(), e);
        }
    }

    private static Artifact subject(ResourceDescriptor d, ArtifactKind fallback, String name) throws LineageException {
        if (d.sha256() == null) {
            throw new LineageException(name + ": subject " + d.name() + " has no sha256 digest");
        }
        ArtifactKind kind = d.kind() != null ? ArtifactKind.fromLabel(d.kind()) : fallback;
        return new Artifact(d.sha256(), kind, d.name());
    }

    private static LineageEntry provenance(Statement st, String statementDigest, String recordDigest, String signer,
                                           String body, String name) throws LineageException {
        SlsaProvenance p;
        try {
            p = CanonicalJson.MAPPER.treeToValue(st.predicate(), SlsaProvenance.class);
        } catch (JacksonException e) {
            throw new LineageException(name + ": not an SLSA v1 provenance predicate: " + e.getOriginalMessage(), e);
        }
        if (p.buildDefinition() == null || p.buildDefinition().buildType() == null) {
            throw new LineageException(name + ": provenance has no buildDefinition.buildType");
        }
        String runName = p.runDetails() != null && p.runDetails().metadata() != null
                && p.runDetails().metadata().invocationId() != null ? p.runDetails().metadata().invocationId() : "run";
        Artifact run = new Artifact(statementDigest, ArtifactKind.RUN, runName);
        List<LineageEntry.Mention> mentions = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        mentions.add(new LineageEntry.Mention(run, "run", p.buildDefinition().buildType()));
        for (ResourceDescriptor d : p.buildDefinition().resolvedDependencies()) {
            if (d.sha256() == null || d.kind() == null) {
                throw new LineageException(name + ": dependency " + (d.name() != null ? d.name() : d.uri())
                        + " needs a sha256 digest and a kind annotation (dataset, code or model)");
            }
            Artifact a = new Artifact(d.sha256(), ArtifactKind.fromLabel(d.kind()), d.name() != null ? d.name()
                    : d.uri());
            Relation rel = switch (a.kind()) {
                case DATASET -> Relation.INPUT;
                case CODE -> Relation.CODE;
                case MODEL -> Relation.BASE_MODEL;
                default -> throw new LineageException(name + ": a run cannot depend on a " + a.kind().label());
            };
            mentions.add(new LineageEntry.Mention(a, rel.label(), null));
            edges.add(new Edge(a.digest(), run.digest(), rel));
        }
        for (ResourceDescriptor s : st.subject()) {
            Artifact out = subject(s, ArtifactKind.MODEL, name);
            mentions.add(new LineageEntry.Mention(out, "output", null));
            edges.add(new Edge(run.digest(), out.digest(), Relation.PRODUCED));
        }
        return new LineageEntry(recordDigest, RecordType.PROVENANCE, st.predicateType(), signer, mentions, edges, body);
    }

    private static LineageEntry scan(Statement st, String statementDigest, String recordDigest, String signer,
                                     String body, String name) throws LineageException {
        String verdict = st.predicate().path("verdict").asText(null);
        if (verdict == null) {
            verdict = st.predicate().path("result").path("verdict").asText(null);
        }
        if (verdict == null) {
            throw new LineageException(name + ": scan attestation has no verdict");
        }
        Artifact scan = new Artifact(statementDigest, ArtifactKind.SCAN, "scan: " + verdict);
        List<LineageEntry.Mention> mentions = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        mentions.add(new LineageEntry.Mention(scan, "scan", verdict));
        for (ResourceDescriptor s : st.subject()) {
            Artifact target = subject(s, ArtifactKind.MODEL, name);
            mentions.add(new LineageEntry.Mention(target, "scanned", verdict));
            edges.add(new Edge(target.digest(), scan.digest(), Relation.SCANNED));
        }
        return new LineageEntry(recordDigest, RecordType.SCAN, st.predicateType(), signer, mentions, edges, body);
    }

    private static LineageEntry deployment(Statement st, String recordDigest, String signer, String body, String name)
            throws LineageException {
        JsonNode model = st.predicate().path("model");
        String modelDigest = model.path("digest").path("sha256").asText(null);
        if (modelDigest == null) {
            throw new LineageException(name + ": deployment names no model digest (predicate.model.digest.sha256)");
        }
        Artifact m = new Artifact(modelDigest, ArtifactKind.MODEL, model.path("name").asText(null));
        Artifact d = subject(st.subject().getFirst(), ArtifactKind.DEPLOYMENT, name);
        if (d.kind() != ArtifactKind.DEPLOYMENT) {
            d = new Artifact(d.digest(), ArtifactKind.DEPLOYMENT, d.name());
        }
        return new LineageEntry(recordDigest, RecordType.DEPLOYMENT, st.predicateType(), signer,
                List.of(new LineageEntry.Mention(m, "deployed", null), new LineageEntry.Mention(d, "deployment", null)),
                List.of(new Edge(m.digest(), d.digest(), Relation.DEPLOYED)), body);
    }
}
