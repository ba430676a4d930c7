package org.mlgate.sign.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArticlesTest {
    @ParameterizedTest
    @CsvSource({"RSA, an RSA", "DSA, a DSA", "EC, an EC", "EdDSA, an EdDSA", "Ed25519, an Ed25519", "X25519, an X25519",
        "XDH, an XDH", "key, a key", "ECDSA, an ECDSA"})
    void articleBySound(String word, String expected) {
        assertThat(Articles.withArticle(word)).isEqualTo(expected);
    }

    @Test
    void anRsaKeyIsRefusedWithAnRsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(g.generateKeyPair()
                .getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        try {
            PemFiles.publicKeys(pem.getBytes(StandardCharsets.US_ASCII), "rsa.pem");
            throw new AssertionError("an RSA key was accepted");
        } catch (KeyFormatException e) {
            assertThat(e.getMessage()).contains("an RSA public key").doesNotContain("a RSA");
        }
    }
}
