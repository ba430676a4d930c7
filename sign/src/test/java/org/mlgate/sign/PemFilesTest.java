package org.mlgate.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;
import org.mlgate.sign.keys.Curve;
import org.mlgate.sign.keys.KeyFormatException;
import org.mlgate.sign.keys.PemFiles;
import org.mlgate.sign.keys.PublicKeys;

class PemFilesTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void textBeforeTheBeginLineIsSkipped() {
        var kp = TestPki.ec("secp384r1");
        String pem = "Public Key Info:\n\tPublic Key Algorithm: EC/ECDSA\n\tKey Security Level: High (384 bits)\n\n"
                + "curve:\tSECP384R1\nx:\n\t00:ab:cd\n\n" + TestPki.publicPem(kp.getPublic());
        assertThat(PublicKeys.same(PemFiles.publicKeys(b(pem), "k.pem").getFirst(), kp.getPublic())).isTrue();
        String priv = "Private Key\n  some dump: 01:02\n" + TestPki.sec1Pem(kp);
        PemFiles.KeyPair k = PemFiles.privateKey(b(priv), null, "k.pem");
        assertThat(k.curve()).isEqualTo(Curve.P384);
        assertThat(PublicKeys.same(k.publicKey(), kp.getPublic())).as("public key derived from d").isTrue();
    }

    @Test
    void vectorKeysFromCerttool() {
        Vectors.assumePresent();
        assertThat(Vectors.signingKey().curve()).isEqualTo(Curve.P384);
        assertThat(PublicKeys.same(Vectors.signingKey().publicKey(), Vectors.publicKey())).isTrue();
        assertThat(Vectors.certs("int-ca-cert.pem")).hasSize(1);
    }

    @Test
    void rsaKeysAreRefusedByName() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        var kp = g.generateKeyPair();
        assertThatThrownBy(() -> PemFiles.privateKey(b(TestPki.pkcs8Pem(kp.getPrivate())), null, "rsa.pem"))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("rsa.pem").hasMessageContaining("RSA");
        assertThatThrownBy(() -> PemFiles.publicKeys(b(TestPki.publicPem(kp.getPublic())), "rsa.pub"))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("RSA");
    }

    @Test
    void otherCurvesAreRefused() {
        // secp256k1 is not supported by the JDK's provider either: either way a KeyFormatException
        assertThatThrownBy(() -> PemFiles.privateKey(b("-----BEGIN PRIVATE KEY-----\nMIGEAgEAMBAGByqGSM49AgEGBSuBBAAK"
                + "BG0wawIBAQQgAQ==\n-----END PRIVATE KEY-----\n"), null, "k1.pem")).isInstanceOf(KeyFormatException.class);
    }

    @Test
    void malformedInputsNameTheSource() {
        assertThatThrownBy(() -> PemFiles.privateKey(b("no pem here"), null, "x.pem"))
                .isInstanceOf(KeyFormatException.class).hasMessage("x.pem: expected one private key, found 0");
        assertThatThrownBy(() -> PemFiles.publicKeys(b("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n"),
                "y.pem")).isInstanceOf(KeyFormatException.class).hasMessageStartingWith("y.pem: ");
        assertThatThrownBy(() -> PemFiles.certificates(b(""), "z.pem"))
                .isInstanceOf(KeyFormatException.class).hasMessage("z.pem: no CERTIFICATE block found");
        var a = TestPki.ec("secp256r1");
        var c = TestPki.ec("secp256r1");
        String two = TestPki.pkcs8Pem(a.getPrivate()) + TestPki.pkcs8Pem(c.getPrivate());
        assertThatThrownBy(() -> PemFiles.privateKey(b(two), null, "two.pem")).hasMessageContaining("found 2");
    }

    @Test
    void severalPublicKeysInOneFile() {
        var a = TestPki.ec("secp256r1");
        var c = TestPki.ec("secp521r1");
        assertThat(PemFiles.publicKeys(b(TestPki.publicPem(a.getPublic()) + TestPki.publicPem(c.getPublic())), "k"))
                .hasSize(2);
    }

    static byte[] resource(String name) throws Exception {
        try (var in = PemFilesTest.class.getResourceAsStream("keys/" + name)) {
            return in.readAllBytes();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"openssl-sec1-p384.pem", "openssl-pkcs8-p384.pem",
        "openssl-pkcs8-encrypted-p384.pem", "openssl-sec1-encrypted-p384.pem"})
    void keysAsOpensslWritesThem(String name) throws Exception {
        char[] password = name.contains("encrypted") ? "test-only".toCharArray() : null;
        PemFiles.KeyPair k = PemFiles.privateKey(resource(name), password, name);
        assertThat(k.curve()).isEqualTo(Curve.P384);
        var pub = PemFiles.publicKeys(resource("openssl-p384-pub.pem"), "pub").getFirst();
        assertThat(PublicKeys.same(k.publicKey(), pub)).isTrue();
        byte[] message = "DSSEv1 3 abc 1 x".getBytes(StandardCharsets.US_ASCII);
        assertThat(org.mlgate.sign.keys.EcdsaSignatures.verify(pub, message,
                org.mlgate.sign.keys.EcdsaSignatures.sign(k.privateKey(), k.publicKey(), message))).isTrue();
        if (password != null) {
            assertThatThrownBy(() -> PemFiles.privateKey(resource(name), "nope".toCharArray(), name))
                    .isInstanceOf(KeyFormatException.class).hasMessageContaining(name);
        }
    }

    @Test
    void ecParametersBlockBeforeTheKeyIsSkipped() throws Exception {
        assertThat(PemFiles.privateKey(resource("openssl-sec1-with-params-p256.pem"), null, "k").curve())
                .isEqualTo(Curve.P256);
    }

    @Test
    void privateKeyGivenAsPublicKeySaysSo() throws Exception {
        assertThatThrownBy(() -> PemFiles.publicKeys(resource("openssl-sec1-p384.pem"), "k.pem"))
                .hasMessageContaining("this is a private key");
    }
}
