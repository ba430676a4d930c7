package org.mlgate.sign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlgate.sign.hash.Serialization;
import org.mlgate.sign.keys.PemFiles;

/** The OMS v1.0 JSON Schemas (bundle level, then statement level) on the vectors and on our own bundles. */
class SchemaTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeEach
    void vectors() {
        Vectors.assumePresent();
    }

    static JsonSchema schema(String name) {
        Path dir = Vectors.OMS.resolve("schemas/v1.0");
        Map<String, String> map = new HashMap<>();
        for (String s : List.of("bundle", "envelope", "statement", "predicate")) {
            map.put("https://model_signing/" + s + "/v1.0/schema", dir.resolve(s + ".schema.json").toUri().toString());
        }
        JsonSchemaFactory f = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.schemaMappers(m -> m.mappings(map)));
        return f.getSchema(SchemaLocation.of("https://model_signing/" + name + "/v1.0/schema"));
    }

    /** Both levels; returns the problems (empty when valid). */
    static Set<ValidationMessage> validate(byte[] bundleBytes) throws IOException {
        JsonNode bundle = JSON.readTree(bundleBytes);
        Set<ValidationMessage> errors = new java.util.LinkedHashSet<>(schema("bundle").validate(bundle));
        if (errors.isEmpty()) {
            byte[] payload = Base64.getDecoder().decode(bundle.get("dsseEnvelope").get("payload").asText());
            errors.addAll(schema("statement").validate(JSON.readTree(payload)));
        }
        return errors;
    }

    static byte[] vector(String rel) throws IOException {
        return Files.readAllBytes(Vectors.OMS.resolve("test-vectors/v1.0").resolve(rel));
    }

    @ParameterizedTest(name = "valid/{0} passes both levels")
    @ValueSource(strings = {"key.bundle.json", "certificate.bundle.json", "sigstore.bundle.json"})
    void validVectors(String name) throws IOException {
        assertThat(validate(vector("valid/" + name))).isEmpty();
    }

    @ParameterizedTest(name = "invalid/{0} fails the bundle level")
    @ValueSource(strings = {"missing-envelope.bundle.json", "missing-tlog-entries.bundle.json",
        "missing-verification-material.bundle.json"})
    void invalidVectors(String name) throws IOException {
        assertThat(schema("bundle").validate(JSON.readTree(vector("invalid/" + name)))).isNotEmpty();
    }

    @Test
    void wrongPredicateFailsTheStatementLevel() throws IOException {
        assertThat(validate(vector("invalid-payload/wrong-predicate.bundle.json"))).isNotEmpty();
    }

    @ParameterizedTest(name = "reference bundle {0} passes")
    @ValueSource(strings = {"v0.3.1-certificate", "v1.0.0-elliptic-key", "v1.0.1-certificate", "v1.1.0-certificate",
        "v1.1.0-elliptic-key", "v1.1.0-sigstore"})
    void referenceBundles(String folder) throws IOException {
        assertThat(validate(Files.readAllBytes(Vectors.MT.resolve(folder).resolve("model.sig")))).isEmpty();
    }

    @Test
    void ourBundlesPassBothLevels() throws IOException {
        Path m = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(m.resolve("a"), "a");
        Files.write(m.resolve("b"), new byte[5000]);
        KeyPair kp = TestPki.ec("secp384r1");
        PemFiles.KeyPair key = PemFiles.privateKey(TestPki.pkcs8Pem(kp.getPrivate()).getBytes(StandardCharsets.US_ASCII),
                null, "k");
        TestPki.Hierarchy h = TestPki.Hierarchy.create("schema");
        PemFiles.KeyPair leafKey = PemFiles.privateKey(TestPki.pkcs8Pem(h.leafKey().getPrivate())
                .getBytes(StandardCharsets.US_ASCII), null, "k");
        List<SigningMethod> methods = List.of(new SigningMethod.Key(key),
                new SigningMethod.Certificate(leafKey, h.leaf(), List.of(h.intermediate())));
        for (SigningMethod method : methods) {
            for (Serialization.Method ser : Serialization.Method.values()) {
                Signer.Signed s = Signer.sign(m, new SignOptions(method, null, ser, 1024, List.of("x"), 1));
                assertThat(validate(s.bundle())).as(method.getClass().getSimpleName() + " " + ser).isEmpty();
            }
        }
    }
}
