package org.mlgate.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlgate.core.UsageException;
import org.mlgate.sign.keys.Curve;
import org.mlgate.sign.keys.KeyGeneration;
import org.mlgate.sign.keys.PemFiles;
import org.mlgate.sign.keys.PublicKeys;

class KeyGenerationTest {
    @TempDir
    Path tmp;

    @Test
    void publicKeyNameIsDerivedFromThePrivateKeyName() {
        assertThat(KeyGeneration.publicKeyPath(Path.of("d/key.pem"))).isEqualTo(Path.of("d/key.pub.pem"));
        assertThat(KeyGeneration.publicKeyPath(Path.of("release"))).isEqualTo(Path.of("release.pub.pem"));
    }

    @ParameterizedTest(name = "{0}: generated keys are read by the signer's reader and sign + verify")
    @EnumSource(Curve.class)
    void generatedKeysSignAndVerify(Curve curve) throws IOException {
        Path key = tmp.resolve(curve.name() + ".pem");
        KeyGeneration.Written w = KeyGeneration.write(key, curve, null);
        assertThat(w.publicKey()).isEqualTo(tmp.resolve(curve.name() + ".pub.pem"));
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        PemFiles.KeyPair pair = PemFiles.privateKey(Files.readAllBytes(key), null, key.toString());
        assertThat(pair.curve()).isEqualTo(curve);
        var pub = PemFiles.publicKeys(Files.readAllBytes(w.publicKey()), "pub").getFirst();
        assertThat(PublicKeys.same(pub, pair.publicKey())).isTrue();
        assertThat(w.hint()).isEqualTo(PublicKeys.hint(pub));

        Path m = Files.createDirectories(tmp.resolve("m-" + curve));
        Files.writeString(m.resolve("config.json"), "{}");
        Signer.sign(m, SignVerifyTest.keyOptions(pair));
        assertThat(Verifier.verify(m, SignVerifyTest.verifyWith(pub)).files()).isEqualTo(1);
        // a different generated key does not verify it: the keys really are new each time
        KeyGeneration.Written other = KeyGeneration.write(tmp.resolve("other-" + curve + ".pem"), curve, null);
        var otherPub = PemFiles.publicKeys(Files.readAllBytes(other.publicKey()), "o").getFirst();
        assertThat(PublicKeys.same(otherPub, pub)).isFalse();
        assertThatThrownBy(() -> Verifier.verify(m, SignVerifyTest.verifyWith(otherPub)))
                .isInstanceOf(VerificationFailure.class);
    }

    @Test
    void encryptedKeyIsPbes2AndNeedsItsPassword() throws IOException {
        Path key = tmp.resolve("enc.pem");
        KeyGeneration.Written w = KeyGeneration.write(key, Curve.P384, "correct horse".toCharArray());
        assertThat(w.encrypted()).isTrue();
        byte[] pem = Files.readAllBytes(key);
        assertThat(new String(pem, StandardCharsets.US_ASCII)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(PemFiles.privateKey(pem, "correct horse".toCharArray(), "enc.pem").curve()).isEqualTo(Curve.P384);
        assertThatThrownBy(() -> PemFiles.privateKey(pem, "wrong".toCharArray(), "enc.pem"))
                .hasMessageContaining("wrong password");
        assertThatThrownBy(() -> PemFiles.privateKey(pem, null, "enc.pem")).hasMessageContaining("no password");
    }

    @Test
    void existingFilesAreNeverReplaced() throws IOException {
        Path key = tmp.resolve("key.pem");
        Files.writeString(tmp.resolve("key.pub.pem"), "precious");
        assertThatThrownBy(() -> KeyGeneration.write(key, Curve.P256, null)).isInstanceOf(UsageException.class)
                .hasMessageContaining("key.pub.pem").hasMessageContaining("exists");
        assertThat(Files.exists(key)).isFalse();
        assertThat(Files.readString(tmp.resolve("key.pub.pem"))).isEqualTo("precious");

        Path key2 = tmp.resolve("key2.pem");
        Files.createSymbolicLink(key2, tmp.resolve("nowhere")); // a dangling link would be written through
        assertThatThrownBy(() -> KeyGeneration.write(key2, Curve.P256, null)).isInstanceOf(UsageException.class)
                .hasMessageContaining("exists");
        assertThat(Files.exists(tmp.resolve("nowhere"))).isFalse();
        assertThat(Files.exists(tmp.resolve("key2.pub.pem"))).isFalse();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList())
                    .as("no staged file left").isEqualTo(List.of());
        }
    }

    @Test
    void missingFolderIsAUsageError() {
        assertThatThrownBy(() -> KeyGeneration.write(tmp.resolve("no/key.pem"), Curve.P256, null))
                .isInstanceOf(UsageException.class).hasMessageContaining("does not exist");
    }
}
