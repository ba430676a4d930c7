package org.mlgate.sign.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.mlgate.sign.hash.Manifest;
import org.mlgate.sign.hash.Resource;
import org.mlgate.sign.hash.Serialization;

/**
 * Writes statements and bundles from typed records through Jackson, in the layout of the current reference
 * format (model_signing v1.1): compact statement JSON as the DSSE payload, a v0.3 bundle with empty
 * {@code tlogEntries}, {@code keyid} "". The same inputs give the same bytes.
 */
public final class BundleWriter {
    private BundleWriter() {
    }

    record SubjectJson(String name, Map<String, String> digest) { }

    record StatementJson(@JsonProperty("_type") String type, List<SubjectJson> subject, String predicateType,
                         Object predicate) { }

    record ResourceJson(String name, String algorithm, String digest) { }

    record SerializationJson(String method, @JsonProperty("hash_type") String hashType,
                             @JsonProperty("allow_symlinks") boolean allowSymlinks,
                             @JsonProperty("shard_size") Long shardSize,
                             @JsonProperty("ignore_paths") List<String> ignorePaths) { }

    record ModelPredicateJson(List<ResourceJson> resources, SerializationJson serialization) { }

    record HintJson(String hint) { }

    record RawBytesJson(String rawBytes) { }

    record ChainJson(List<RawBytesJson> certificates) { }

    record MaterialJson(HintJson publicKey, ChainJson x509CertificateChain, List<Object> tlogEntries) { }

    record SignatureJson(String sig, String keyid) { }

    record EnvelopeJson(String payload, String payloadType, List<SignatureJson> signatures) { }

    record BundleJson(String mediaType, MaterialJson verificationMaterial, EnvelopeJson dsseEnvelope) { }

    /** The OMS statement for a manifest: one subject (the model, its root digest) and the v1.0 predicate. */
    public static byte[] modelStatement(Manifest m) {
        Serialization s = m.serialization();
        List<ResourceJson> resources = m.resources().stream()
                .map((Resource r) -> new ResourceJson(r.name(), "sha256", r.sha256())).toList();
        SerializationJson ser = new SerializationJson(s.method().id(), "sha256", false,
                s.method() == Serialization.Method.SHARDS ? s.shardSize() : null, s.ignorePaths());
        return statement(m.modelName(), m.rootDigest(), ModelStatement.PREDICATE_V1,
                new ModelPredicateJson(resources, ser));
    }

    /** Any in-toto v1 statement with one subject; {@code predicate} is a record (or map) Jackson writes. */
    public static byte[] statement(String subjectName, String sha256, String predicateType, Object predicate) {
        return statement(List.of(new Subject(subjectName, sha256)), predicateType, predicate);
    }

    /** A subject of a statement: a name and the hex SHA-256 of its bytes. */
    public record Subject(String name, String sha256) {
        public Subject {
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("not a lower-case SHA-256 hex digest: " + sha256);
            }
        }
    }

    /** Any in-toto v1 statement; subjects in the order given. */
    public static byte[] statement(List<Subject> subjects, String predicateType, Object predicate) {
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("a statement needs at least one subject");
        }
        List<SubjectJson> s = subjects.stream().map(x -> new SubjectJson(x.name(), Map.of("sha256", x.sha256()))).toList();
        return write(new StatementJson(Statement.TYPE_V1, s, predicateType, predicate), false);
    }

    /** A key-method bundle; {@code hint} is the signer's public-key hint. */
    public static byte[] keyBundle(byte[] payload, byte[] signature, String hint) {
        return bundle(new MaterialJson(new HintJson(hint), null, List.of()), payload, signature);
    }

    /** A certificate-method bundle; {@code chainDer} is the leaf then the intermediates. */
    public static byte[] certificateBundle(byte[] payload, byte[] signature, List<byte[]> chainDer) {
        List<RawBytesJson> certs = chainDer.stream().map(d -> new RawBytesJson(Base64.getEncoder().encodeToString(d)))
                .toList();
        return bundle(new MaterialJson(null, new ChainJson(certs), List.of()), payload, signature);
    }

    private static byte[] bundle(MaterialJson material, byte[] payload, byte[] signature) {
        Base64.Encoder b64 = Base64.getEncoder();
        EnvelopeJson env = new EnvelopeJson(b64.encodeToString(payload), Bundle.Envelope.IN_TOTO,
                List.of(new SignatureJson(b64.encodeToString(signature), "")));
        return write(new BundleJson(Bundle.MEDIA_TYPE, material, env), true);
    }

    private static byte[] write(Object value, boolean indent) {
        try {
            var w = indent ? Json.WRITER.writer(SerializationFeature.INDENT_OUTPUT) : Json.WRITER.writer();
            byte[] body = w.writeValueAsBytes(value);
            if (!indent) {
                return body;
            }
            byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
            out[body.length] = '\n';
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
