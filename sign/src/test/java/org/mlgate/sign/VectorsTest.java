package org.mlgate.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlgate.sign.VerificationFailure.Check;
import org.mlgate.sign.keys.PublicKeys;

/** Every bundle in the shared vectors: the reference tool's, all versions, and the OMS conformance vectors. */
class VectorsTest {
    @BeforeEach
    void vectors() {
        Vectors.assumePresent();
    }

    private static Verified verify(String folder, VerificationMethod m, List<String> ignore) throws Exception {
        Path dir = Vectors.MT.resolve(folder);
        return Verifier.verify(dir, Vectors.options(m, null, ignore));
    }

    @Test
    void keyHintIsTheSha256OfTheCanonicalPem() {
        assertThat(PublicKeys.hint(Vectors.publicKey()))
                .isEqualTo("e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e");
    }

    @ParameterizedTest(name = "{0} verifies with the CA chain")
    @CsvSource({"v0.2.0-certificate,", "v0.3.1-certificate,", "v1.0.0-certificate,", "v1.0.1-certificate,ignore-me",
        "v1.1.0-certificate,"})
    void certificateFolders(String folder, String ignore) throws Exception {
        Verified v = verify(folder, Vectors.certMethod(), ignore == null ? List.of() : List.of(ignore));
        assertThat(v.method()).isEqualTo("certificate");
        assertThat(v.files()).isEqualTo(2);
        assertThat(v.format()).isEqualTo(folder.startsWith("v0.2") ? "v0.2 (legacy)" : "v1.0");
    }

    @ParameterizedTest(name = "{0} verifies with the public key")
    @CsvSource({"v1.0.1-elliptic-key,ignore-me", "v1.1.0-elliptic-key,"})
    void keyFolders(String folder, String ignore) throws Exception {
        Verified v = verify(folder, Vectors.keyMethod(), ignore == null ? List.of() : List.of(ignore));
        assertThat(v.method()).isEqualTo("key");
        assertThat(v.files()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}: the single file signme-1 verifies")
    @ValueSource(strings = {"v0.3.1-elliptic-key", "v1.0.0-elliptic-key"})
    void singleFileBundles(String folder) throws Exception {
        Path dir = Vectors.MT.resolve(folder);
        Verified v = Verifier.verify(dir.resolve("signme-1"),
                Vectors.options(Vectors.keyMethod(), dir.resolve("model.sig"), List.of()));
        assertThat(v.files()).isEqualTo(1);
        assertThat(v.modelName()).isEqualTo("signme-1");
    }

    @ParameterizedTest(name = "{0}: a single-file bundle against the folder is a scope mismatch")
    @ValueSource(strings = {"v0.3.1-elliptic-key", "v1.0.0-elliptic-key"})
    void singleFileBundleAgainstFolder(String folder) {
        assertThatThrownBy(() -> verify(folder, Vectors.keyMethod(), List.of()))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> assertThat(f.check()).isEqualTo(Check.SCOPE_MISMATCH));
    }

    @ParameterizedTest(name = "{0}: the unsigned ignore-me fails unless ignored")
    @ValueSource(strings = {"v1.0.1-certificate", "v1.0.1-elliptic-key"})
    void v101WithoutIgnoringIgnoreMe(String folder) {
        VerificationMethod m = folder.endsWith("key") ? Vectors.keyMethod() : Vectors.certMethod();
        assertThatThrownBy(() -> verify(folder, m, List.of()))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> {
                    assertThat(f.check()).isEqualTo(Check.FILE_EXTRA);
                    assertThat(f.getMessage()).contains("ignore-me");
                });
        // and with --ignore-unsigned-files it passes
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Verifier.verify(Vectors.MT.resolve(folder),
                new VerifyOptions(m, null, List.of(), true, 1)))).isNull();
    }

    @Test
    void ignorePathsMayAlsoBeGivenAsPathsInsideTheModel() throws Exception {
        // the reference tool's tests pass --ignore-paths ./v1.0.1-elliptic-key/ignore-me (a path, not a name)
        Path ignoreMe = Vectors.MT.resolve("v1.0.1-elliptic-key/ignore-me");
        assertThat(verify("v1.0.1-elliptic-key", Vectors.keyMethod(), List.of(ignoreMe.toString())).files()).isEqualTo(2);
        assertThatThrownBy(() -> verify("v1.0.1-elliptic-key", Vectors.keyMethod(),
                List.of(Vectors.MT.resolve("v1.1.0-elliptic-key/ignore-me").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not inside the model");
    }

    @ParameterizedTest(name = "{0}: keyless bundles are refused as a method mismatch")
    @ValueSource(strings = {"v0.3.1-sigstore", "v1.0.0-sigstore", "v1.0.1-sigstore", "v1.1.0-sigstore"})
    void sigstoreFolders(String folder) {
        for (VerificationMethod m : List.of(Vectors.keyMethod(), Vectors.certMethod())) {
            assertThatThrownBy(() -> verify(folder, m, List.of("ignore-me")))
                    .isInstanceOfSatisfying(VerificationFailure.class, f -> {
                        assertThat(f.check()).isEqualTo(Check.METHOD_MISMATCH);
                        assertThat(f.getMessage()).contains("sigstore").contains("not supported offline");
                    });
        }
    }

    @ParameterizedTest(name = "{0} verified with a key is a method mismatch")
    @ValueSource(strings = {"v0.2.0-certificate", "v0.3.1-certificate", "v1.0.0-certificate", "v1.1.0-certificate"})
    void certificateBundleWithKeyIsMethodMismatch(String folder) {
        assertThatThrownBy(() -> verify(folder, Vectors.keyMethod(), List.of()))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> assertThat(f.check()).isEqualTo(Check.METHOD_MISMATCH));
    }

    @Test
    void keyBundleWithCertificateChainIsMethodMismatch() {
        assertThatThrownBy(() -> verify("v1.1.0-elliptic-key", Vectors.certMethod(), List.of()))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> assertThat(f.check()).isEqualTo(Check.METHOD_MISMATCH));
    }

    @Test
    void wrongTrustAnchor() {
        VerificationMethod intermediateOnlyIsNotTheRoot = new VerificationMethod.Certificates(
                Vectors.certs("signing-key-cert.pem"), Vectors.CLOCK);
        assertThatThrownBy(() -> verify("v1.1.0-certificate", intermediateOnlyIsNotTheRoot, List.of()))
                .isInstanceOfSatisfying(VerificationFailure.class, f ->
                        assertThat(f.check()).isIn(Check.UNTRUSTED_CERTIFICATE));
    }

    @Test
    void vectorCertificatesAreExpiredIn2036() {
        VerificationMethod late = new VerificationMethod.Certificates(Vectors.certs("ca-cert.pem"),
                java.time.Clock.fixed(java.time.Instant.parse("2036-01-01T00:00:00Z"), java.time.ZoneOffset.UTC));
        assertThatThrownBy(() -> verify("v1.1.0-certificate", late, List.of()))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> assertThat(f.check()).isEqualTo(Check.CERTIFICATE_EXPIRED));
    }

    // --- OMS conformance vectors: valid key/certificate bundles sign the files of v1.1.0-elliptic-key; that
    // folder's own model.sig is not theirs, so it is an unsigned extra file unless ignored ---

    @Test
    void omsValidKeyBundleSeesTheFoldersOwnModelSigAsExtra() {
        assertThatThrownBy(() -> Verifier.verify(Vectors.MT.resolve("v1.1.0-elliptic-key"),
                Vectors.options(Vectors.keyMethod(), oms("valid/key.bundle.json"), List.of())))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> assertThat(f.check()).isEqualTo(Check.FILE_EXTRA));
    }

    private static Path oms(String name) {
        return Vectors.OMS.resolve("test-vectors/v1.0").resolve(name);
    }

    @Test
    void omsValidKeyBundle() throws Exception {
        Verified v = Verifier.verify(Vectors.MT.resolve("v1.1.0-elliptic-key"),
                Vectors.options(Vectors.keyMethod(), oms("valid/key.bundle.json"), List.of("model.sig")));
        assertThat(v.modelName()).isEqualTo("model");
    }

    @Test
    void omsValidCertificateBundle() throws Exception {
        Verified v = Verifier.verify(Vectors.MT.resolve("v1.1.0-elliptic-key"),
                Vectors.options(Vectors.certMethod(), oms("valid/certificate.bundle.json"), List.of("model.sig")));
        assertThat(v.files()).isEqualTo(2);
    }

    @Test
    void omsValidSigstoreBundleIsRecognisedButNotVerifiableOffline() {
        assertThatThrownBy(() -> Verifier.verify(Vectors.MT.resolve("v1.1.0-sigstore"),
                Vectors.options(Vectors.keyMethod(), oms("valid/sigstore.bundle.json"), List.of())))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> assertThat(f.check()).isEqualTo(Check.METHOD_MISMATCH));
    }

    @ParameterizedTest(name = "{0} is rejected as {1}")
    @CsvSource({
        "invalid/empty.bundle.json, MALFORMED_BUNDLE, empty",
        "invalid/missing-envelope.bundle.json, MALFORMED_BUNDLE, dsseEnvelope",
        "invalid/missing-tlog-entries.bundle.json, MALFORMED_BUNDLE, tlogEntries",
        "invalid/missing-verification-material.bundle.json, MALFORMED_BUNDLE, verificationMaterial",
        "invalid-payload/wrong-predicate.bundle.json, WRONG_PREDICATE, wrong-predicate"})
    void omsInvalidVectors(String file, Check check, String named) {
        assertThatThrownBy(() -> Verifier.verify(Vectors.MT.resolve("v1.1.0-elliptic-key"),
                Vectors.options(Vectors.keyMethod(), oms(file), List.of())))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> {
                    assertThat(f.check()).isEqualTo(check);
                    assertThat(f.getMessage()).contains(named);
                });
    }

    @Test
    void hintMismatchIsWrongKey() throws Exception {
        var other = java.security.KeyPairGenerator.getInstance("EC");
        other.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        var key = (java.security.interfaces.ECPublicKey) other.generateKeyPair().getPublic();
        assertThatThrownBy(() -> verify("v1.1.0-elliptic-key", new VerificationMethod.Keys(List.of(key)), List.of()))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> assertThat(f.check()).isEqualTo(Check.WRONG_KEY));
        // key rotation: the right key among others verifies
        assertThat(verify("v1.1.0-elliptic-key", new VerificationMethod.Keys(List.of(key, Vectors.publicKey())),
                List.of()).files()).isEqualTo(2);
    }

    @Test
    void vectorFilesAreUntouched() throws Exception {
        assertThat(Files.size(Vectors.MT.resolve("v1.1.0-elliptic-key/signme-1"))).isEqualTo(9);
    }
}
