package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.sign.bundle.Bundle;
import org.mlgate.sign.bundle.BundleParser;
import org.mlgate.sign.bundle.Pae;
import org.mlgate.sign.bundle.Statement;
import org.mlgate.sign.keys.EcdsaSignatures;

/** {@code mlgate sign}, {@code mlgate verify} and {@code mlgate scan --attest} through the command line. */
class SignVerifyCommandTest {
    /** pickle.dumps([], protocol=2): the smallest file the scanner judges as a model (SAFE). */
    static final byte[] EMPTY_LIST_PICKLE = {(byte) 0x80, 2, ']', 'q', 0, '.'};

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path VECTORS = Path.of("../../shared/vectors/model-signing/model-transparency").toAbsolutePath().normalize();

    @TempDir
    Path tmp;
    Path model;
    Path key;
    Path pub;
    KeyPair pair;

    @BeforeEach
    void setUp() throws Exception {
        model = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{}");
        Files.write(model.resolve("weights.bin"), EMPTY_LIST_PICKLE);
        pair = ec();
        key = Files.writeString(tmp.resolve("key.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        pub = Files.writeString(tmp.resolve("pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static X509Certificate cert(String cn, PublicKey subject, String issuer, PrivateKey issuerKey, boolean ca,
                                Instant from, Instant to) throws Exception {
        var b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer), BigInteger.valueOf(System.nanoTime()),
                Date.from(from), Date.from(to), new X500Name("CN=" + cn), subject);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign : KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    @Test
    void helpNamesTheMethodsTheExitCodesAndThatKeylessIsNotSupported() {
        Cli.Result sign = Cli.run("sign", "--help");
        assertThat(sign.code()).isZero();
        assertThat(sign.out()).contains("--private-key=KEY.pem", "--certificate=LEAF.pem", "--certificate-chain=CA.pem",
                "--ignore-paths=P", "--key-password-env=VAR", "--shard-size=BYTES", "Sigstore keyless signing", "Exit codes:", "0   signed");
        Cli.Result verify = Cli.run("verify", "--help");
        assertThat(verify.out()).contains("--public-key=PUB.pem", "--certificate-chain=CA.pem", "--signature=FILE",
                "--ignore-unsigned-files", "not supported", "0   verified", "1   not verified", "2   usage error",
                "3   could not complete");
        assertThat(Cli.run("--help").out()).contains("sign", "verify");
    }

    @Test
    void signThenVerifyTextAndJson() throws Exception {
        Cli.Result s = Cli.run("sign", "--private-key", key.toString(), model.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).startsWith("SIGNED  " + model).contains("2 files", "signature: " + model.resolve("model.sig"));
        Cli.Result v = Cli.run("verify", "--public-key", pub.toString(), model.toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).startsWith("VERIFIED  " + model).contains("2 files", "format v1.0");
        Path der = Files.write(tmp.resolve("pub.der"), pair.getPublic().getEncoded());
        assertThat(Cli.run("verify", "--public-key", der.toString(), model.toString()).code()).as("DER public key").isZero();
        Cli.Result j = Cli.run("verify", "--format", "json", "--public-key", pub.toString(), model.toString());
        JsonNode doc = JSON.readTree(j.out());
        assertThat(doc.get("verified").asBoolean()).isTrue();
        assertThat(doc.get("files").asInt()).isEqualTo(2);
        assertThat(doc.get("root_digest").asText()).hasSize(64);
    }

    @Test
    void everyTamperExitsOneNamingTheCheck() throws Exception {
        assertThat(Cli.run("sign", "--private-key", key.toString(), model.toString()).code()).isZero();
        Files.writeString(model.resolve("config.json"), "{\"x\":1}");
        Cli.Result changed = Cli.run("verify", "--public-key", pub.toString(), model.toString());
        assertThat(changed.code()).isEqualTo(1);
        assertThat(changed.out()).startsWith("NOT VERIFIED").contains("file-changed: config.json changed");
        Files.writeString(model.resolve("config.json"), "{}");
        Files.writeString(model.resolve("extra.py"), "x");
        Cli.Result extra = Cli.run("verify", "--format", "json", "--public-key", pub.toString(), model.toString());
        assertThat(extra.code()).isEqualTo(1);
        assertThat(JSON.readTree(extra.out()).get("check").asText()).isEqualTo("file-extra");
        assertThat(Cli.run("verify", "--ignore-unsigned-files", "--public-key", pub.toString(), model.toString()).code()).isZero();
        assertThat(Cli.run("verify", "--ignore-paths", "extra.py", "--public-key", pub.toString(), model.toString()).code())
                .isZero();
        Files.delete(model.resolve("extra.py"));
        Files.move(model.resolve("weights.bin"), model.resolve("weights.old"));
        assertThat(Cli.run("verify", "--public-key", pub.toString(), model.toString()).out()).contains("file-renamed");
        Files.delete(model.resolve("weights.old"));
        assertThat(Cli.run("verify", "--public-key", pub.toString(), model.toString()).out()).contains("file-missing");
        Path other = Files.writeString(tmp.resolve("other.pem"), pem("PUBLIC KEY", ec().getPublic().getEncoded()));
        Cli.Result wrong = Cli.run("verify", "--public-key", other.toString(), model.toString());
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.out()).contains("wrong-key");
        Files.delete(model.resolve("model.sig"));
        assertThat(Cli.run("verify", "--public-key", pub.toString(), model.toString()).out()).contains("no-signature");
    }

    @Test
    void unsignedGitFilesAreReportedAndTheBundleSizeIsCapped() throws Exception {
        Files.createDirectories(model.resolve(".git"));
        Files.writeString(model.resolve(".git/config"), "[core]");
        assertThat(Cli.run("sign", "--private-key", key.toString(), model.toString()).code()).isZero();
        Cli.Result v = Cli.run("verify", "--public-key", pub.toString(), model.toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).contains("not checked (left out, unsigned): .git (1 file)");
        Cli.Result j = Cli.run("verify", "--format", "json", "--public-key", pub.toString(), model.toString());
        assertThat(MAPPER_FOR_TEST.readTree(j.out()).at("/left_out/0/path").asText()).isEqualTo(".git");
        Cli.Result capped = Cli.run("verify", "--max-bundle-size", "1024", "--public-key", pub.toString(), model.toString());
        assertThat(capped.code()).isEqualTo(1);
        assertThat(capped.out()).contains("malformed-bundle").contains("1024-byte cap");
        assertThat(Cli.run("verify", "--max-bundle-size", "10", "--public-key", pub.toString(), model.toString()).code())
                .isEqualTo(2);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER_FOR_TEST =
            new com.fasterxml.jackson.databind.ObjectMapper();

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(Cli.run("sign", model.toString()).code()).isEqualTo(2);
        assertThat(Cli.run("sign", "--private-key", tmp.resolve("nope.pem").toString(), model.toString()).code()).isEqualTo(2);
        // a public key given as the private key: the hint names the flag and what the file holds
        assertThat(Cli.run("sign", "--private-key", pub.toString(), model.toString()).err())
                .contains(pub + " holds a public key", "--private-key needs the private key", "verify --public-key");
        assertThat(Cli.run("sign", "--private-key", key.toString(), tmp.resolve("missing").toString()).code()).isEqualTo(2);
        Files.createDirectories(tmp.resolve("empty"));
        Cli.Result empty = Cli.run("sign", "--private-key", key.toString(), tmp.resolve("empty").toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("nothing to sign");
        assertThat(Cli.run("verify", model.toString()).code()).isEqualTo(2);
        assertThat(Cli.run("verify", "--public-key", pub.toString(), "--certificate-chain", pub.toString(), model.toString())
                .code()).isEqualTo(2);
        assertThat(Cli.run("verify", "--public-key", pub.toString(), "--format", "xml", model.toString()).code()).isEqualTo(2);
    }

    @Test
    void encryptedKeyWithPasswordFromTheEnvironment() throws Exception {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(new JcaPKCS8Generator(pair.getPrivate(), new JceOpenSSLPKCS8EncryptorBuilder(
                    JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
                    .setPassword("pw".toCharArray()).build()));
        }
        Path enc = Files.writeString(tmp.resolve("enc.pem"), sw.toString());
        assertThat(Cli.run("sign", "--private-key", enc.toString(), model.toString()).err()).contains("encrypted");
        assertThat(Cli.run("sign", "--private-key", enc.toString(), "--key-password-env", "K", model.toString()).err())
                .contains("K is not set");
        assertThat(Cli.run(Map.of("K", "bad"), "sign", "--private-key", enc.toString(), "--key-password-env", "K",
                model.toString()).err()).contains("wrong password");
        Cli.Result ok = Cli.run(Map.of("K", "pw"), "sign", "--private-key", enc.toString(), "--key-password-env", "K",
                model.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Cli.run("verify", "--public-key", pub.toString(), model.toString()).code()).isZero();
    }

    @Test
    void certificateMethodExpiredAndWrongCa() throws Exception {
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        KeyPair rootKey = ec();
        X509Certificate root = cert("root", rootKey.getPublic(), "root", rootKey.getPrivate(), true, from,
                Instant.parse("2090-01-01T00:00:00Z"));
        X509Certificate valid = cert("signer", pair.getPublic(), "root", rootKey.getPrivate(), false, from,
                Instant.parse("2090-01-01T00:00:00Z"));
        X509Certificate expired = cert("old-signer", pair.getPublic(), "root", rootKey.getPrivate(), false, from,
                Instant.parse("2021-01-01T00:00:00Z"));
        Path rootPem = Files.writeString(tmp.resolve("root.pem"), pem("CERTIFICATE", root.getEncoded()));
        Path validPem = Files.writeString(tmp.resolve("leaf.pem"), pem("CERTIFICATE", valid.getEncoded()));
        Path expiredPem = Files.writeString(tmp.resolve("expired.pem"), pem("CERTIFICATE", expired.getEncoded()));
        Cli.Result s = Cli.run("sign", "--private-key", key.toString(), "--certificate", validPem.toString(),
                "--certificate-chain", rootPem.toString(), model.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("certificate: CN=signer");
        assertThat(Cli.run("verify", "--certificate-chain", rootPem.toString(), model.toString()).code()).isZero();
        Cli.Result asKey = Cli.run("verify", "--public-key", pub.toString(), model.toString());
        assertThat(asKey.code()).isEqualTo(1);
        assertThat(asKey.out()).contains("method-mismatch");
        KeyPair otherRoot = ec();
        Path otherPem = Files.writeString(tmp.resolve("other-root.pem"), pem("CERTIFICATE", cert("root",
                otherRoot.getPublic(), "root", otherRoot.getPrivate(), true, from, Instant.parse("2090-01-01T00:00:00Z"))
                .getEncoded()));
        Cli.Result wrongCa = Cli.run("verify", "--certificate-chain", otherPem.toString(), model.toString());
        assertThat(wrongCa.code()).isEqualTo(1);
        assertThat(wrongCa.out()).contains("untrusted-certificate");
        assertThat(Cli.run("sign", "--private-key", key.toString(), "--certificate", expiredPem.toString(), model.toString())
                .code()).isZero();
        Cli.Result exp = Cli.run("verify", "--certificate-chain", rootPem.toString(), model.toString());
        assertThat(exp.code()).isEqualTo(1);
        assertThat(exp.out()).contains("certificate-expired", "CN=old-signer");
    }

    @Test
    void singleFileDatasetAndShards() throws Exception {
        Path data = Files.write(tmp.resolve("train.csv"), "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertThat(Cli.run("sign", "--private-key", key.toString(), "--shard-size", "4", data.toString()).code()).isZero();
        assertThat(tmp.resolve("train.csv.sig")).exists();
        Cli.Result v = Cli.run("verify", "--public-key", pub.toString(), data.toString());
        assertThat(v.code()).as(v.out()).isZero();
        assertThat(v.out()).contains("1 file");
    }

    @Test
    void referenceVectorsVerifyFromTheCommandLine() {
        assumeTrue(Files.isDirectory(VECTORS), "model-signing vectors not found at " + VECTORS + ": skipped");
        String keyPub = VECTORS.resolve("keys/certificate/signing-key-pub.pem").toString();
        String ca = VECTORS.resolve("keys/certificate/ca-cert.pem").toString();
        assertThat(Cli.run("verify", "--public-key", keyPub, VECTORS.resolve("v1.1.0-elliptic-key").toString()).code()).isZero();
        assertThat(Cli.run("verify", "--certificate-chain", ca, VECTORS.resolve("v0.2.0-certificate").toString()).out())
                .contains("format v0.2 (legacy)");
        assertThat(Cli.run("verify", "--certificate-chain", ca, "--ignore-paths", "ignore-me",
                VECTORS.resolve("v1.0.1-certificate").toString()).code()).isZero();
        assertThat(Cli.run("verify", "--public-key", keyPub, "--signature",
                VECTORS.resolve("v0.3.1-elliptic-key/model.sig").toString(),
                VECTORS.resolve("v0.3.1-elliptic-key/signme-1").toString()).code()).isZero();
        Cli.Result keyless = Cli.run("verify", "--public-key", keyPub, VECTORS.resolve("v1.1.0-sigstore").toString());
        assertThat(keyless.code()).isEqualTo(1);
        assertThat(keyless.out()).contains("method-mismatch", "Sigstore keyless");
    }

    @Test
    void scanAttestIsASignedStatementOfTheVerdict() throws Exception {
        Path file = Files.write(tmp.resolve("blob.bin"), EMPTY_LIST_PICKLE);
        Cli.Result r = Cli.run("scan", "--attest", key.toString(), file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path att = tmp.resolve("blob.bin.scan.sig");
        assertThat(r.err()).contains("scan attestation (SAFE, 1 subject) written to " + att);
        Bundle b = BundleParser.parse(Files.readAllBytes(att));
        assertThat(EcdsaSignatures.verify((java.security.interfaces.ECPublicKey) pair.getPublic(),
                Pae.encode(b.envelope().payloadType(), b.envelope().payload()), b.envelope().signatures().getFirst().sig()))
                .isTrue();
        Statement st = Statement.parse(b.envelope().payload());
        assertThat(st.predicateType()).isEqualTo(AttestOption.PREDICATE_TYPE);
        assertThat(st.subjects().getFirst().digest().get("sha256"))
                .isEqualTo(org.mlgate.core.Digest.sha256(file).hex());
        assertThat(st.predicate().get("verdict").asText()).isEqualTo("SAFE");
        assertThat(st.predicate().get("scanner").get("rule_pack").asText()).isNotEmpty();
        assertThat(st.predicate().get("policy").get("fail_on").asText()).isEqualTo("HIGH");
        assertThat(st.predicate().get("policy").get("profiles")).isNotEmpty();
        assertThat(Cli.run("scan", "--attest", key.toString(), "--no-digest", file.toString()).code()).isEqualTo(2);
        assertThat(Cli.run("scan", "--attest", key.toString(), file.toString(), model.toString()).code()).isEqualTo(2);
        assertThat(Cli.run("scan", "--attest-output", "x", file.toString()).code()).isEqualTo(2);
    }

    @Test
    void requireScanSignedAndScannedClean() throws Exception {
        Path scanKey = key; // the same key signs the model and the scan here; --scan-key names the scanner's
        assertThat(Cli.run("sign", "--private-key", key.toString(), model.toString()).code()).isZero();
        Path att = tmp.resolve("model.scan.sig");
        Cli.Result scan = Cli.run("scan", "--attest", scanKey.toString(), "--attest-output", att.toString(),
                model.resolve("config.json").toString(), model.resolve("weights.bin").toString());
        assertThat(scan.code()).as(scan.err()).isZero();
        Cli.Result ok = Cli.run("verify", "--public-key", pub.toString(), "--require-scan", att.toString(), model.toString());
        assertThat(ok.code()).as(ok.out()).isZero();
        // an attestation made under a weaker policy than the verifier's is refused: a higher --fail-on ...
        Path lax = tmp.resolve("lax.scan.sig");
        assertThat(Cli.run("scan", "--attest", scanKey.toString(), "--attest-output", lax.toString(), "--fail-on",
                "CRITICAL", model.resolve("config.json").toString(), model.resolve("weights.bin").toString()).code())
                .isZero();
        Cli.Result weaker = Cli.run("verify", "--public-key", pub.toString(), "--require-scan", lax.toString(),
                model.toString());
        assertThat(weaker.code()).isEqualTo(1);
        assertThat(weaker.out()).contains("attestation-policy-weaker", "fail_on CRITICAL");
        // ... or a profile that allows a denylisted callable
        Path profile = Files.writeString(tmp.resolve("lax-profile.json"), "{\"format\": \"mlgate-profile/v1\", "
                + "\"name\": \"lax\", \"version\": \"1\", \"description\": \"lets os.system through\", "
                + "\"allow\": [{\"module\": \"os\", \"name\": \"system\"}]}");
        Path laxProfile = tmp.resolve("lax-profile.scan.sig");
        Cli.Result madeLax = Cli.run("scan", "--attest", scanKey.toString(), "--attest-output", laxProfile.toString(),
                "--profile", profile.toString(), model.resolve("config.json").toString(),
                model.resolve("weights.bin").toString());
        assertThat(madeLax.code()).as(madeLax.err()).isZero();
        Cli.Result weakerProfile = Cli.run("verify", "--public-key", pub.toString(), "--require-scan", laxProfile.toString(),
                model.toString());
        assertThat(weakerProfile.code()).isEqualTo(1);
        assertThat(weakerProfile.out()).contains("attestation-policy-weaker", "lax@1");
        // a scan of only one of the files does not cover the model
        Path partial = tmp.resolve("partial.scan.sig");
        assertThat(Cli.run("scan", "--attest", scanKey.toString(), "--attest-output", partial.toString(),
                model.resolve("config.json").toString()).code()).isZero();
        Cli.Result notCovered = Cli.run("verify", "--public-key", pub.toString(), "--require-scan", partial.toString(),
                model.toString());
        assertThat(notCovered.code()).isEqualTo(1);
        assertThat(notCovered.out()).contains("attestation-not-satisfied", "weights.bin");
        // a scan signed by a key that is not the scanner's
        Path otherPub = Files.writeString(tmp.resolve("scanner.pub"), pem("PUBLIC KEY", ec().getPublic().getEncoded()));
        Cli.Result wrongScanner = Cli.run("verify", "--public-key", pub.toString(), "--require-scan", att.toString(),
                "--scan-key", otherPub.toString(), model.toString());
        assertThat(wrongScanner.code()).isEqualTo(1);
        assertThat(wrongScanner.out()).contains("wrong-key", "attestation " + att);
        // a model signature is not a scan attestation
        Cli.Result notAScan = Cli.run("verify", "--public-key", pub.toString(), "--require-scan",
                model.resolve("model.sig").toString(), model.toString());
        assertThat(notAScan.out()).contains("wrong-predicate");
        // an UNSAFE verdict is signed too, and refused
        Path pickle = Files.write(model.resolve("evil.pkl"), new byte[] {(byte) 0x80, 0x02, 'c', 'o', 's', '\n', 's',
                'y', 's', 't', 'e', 'm', '\n', '.'});
        assertThat(Cli.run("sign", "--private-key", key.toString(), model.toString()).code()).isZero();
        Path unsafe = tmp.resolve("unsafe.scan.sig");
        assertThat(Cli.run("scan", "--attest", scanKey.toString(), "--attest-output", unsafe.toString(),
                model.toString()).code()).isEqualTo(1);
        Cli.Result refused = Cli.run("verify", "--public-key", pub.toString(), "--require-scan", unsafe.toString(),
                model.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("attestation-not-satisfied", "UNSAFE");
        assertThat(pickle).exists();
    }
}
