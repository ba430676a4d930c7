package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlgate keygen}: its keys sign and verify through the CLI; it never overwrites and refuses bad passwords. */
class KeygenCommandTest {
    @TempDir
    Path tmp;

    Path model() throws Exception {
        Path m = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(m.resolve("config.json"), "{}");
        Files.write(m.resolve("weights.bin"), SignVerifyCommandTest.EMPTY_LIST_PICKLE);
        return m;
    }

    @Test
    void generatedKeysSignAndVerifyThroughTheCli() throws Exception {
        Path key = tmp.resolve("key.pem");
        Cli.Result r = Cli.run("keygen", "--out", key.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("key.pem").contains("key.pub.pem").contains("P-256");
        Path m = model();
        Cli.Result s = Cli.run("sign", "--key", key.toString(), m.toString());
        assertThat(s.code()).as(s.err()).isZero();
        Cli.Result v = Cli.run("verify", "--key", tmp.resolve("key.pub.pem").toString(), m.toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).contains("VERIFIED");

        // another key pair does not verify it
        assertThat(Cli.run("keygen", "--out", tmp.resolve("other.pem").toString(), "--curve", "P384").code()).isZero();
        assertThat(Cli.run("verify", "--key", tmp.resolve("other.pub.pem").toString(), m.toString()).code())
                .isEqualTo(1);
    }

    @Test
    void encryptedKeySignsWithItsPasswordOnly() throws Exception {
        Path key = tmp.resolve("enc.pem");
        Map<String, String> env = Map.of("PW", "s3cret passphrase", "WRONG", "nope");
        Cli.Result r = Cli.run(env, "keygen", "--out", key.toString(), "--curve", "p384", "--key-password-env", "PW");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(key)).contains("ENCRYPTED PRIVATE KEY");
        Path m = model();
        assertThat(Cli.run(env, "sign", "--key", key.toString(), "--key-password-env", "WRONG", m.toString()).code())
                .isEqualTo(2);
        Cli.Result s = Cli.run(env, "sign", "--key", key.toString(), "--key-password-env", "PW", m.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(Cli.run("verify", "--key", tmp.resolve("enc.pub.pem").toString(), m.toString()).code()).isZero();
    }

    @Test
    void unsetOrEmptyPasswordVariableIsRefusedAndNothingWritten() {
        Path key = tmp.resolve("k.pem");
        Cli.Result unset = Cli.run(Map.of(), "keygen", "--out", key.toString(), "--key-password-env", "NOPE");
        assertThat(unset.code()).isEqualTo(2);
        assertThat(unset.err()).contains("NOPE").contains("not set");
        Cli.Result empty = Cli.run(Map.of("PW", ""), "keygen", "--out", key.toString(), "--key-password-env", "PW");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("empty");
        assertThat(Files.exists(key)).isFalse();
        assertThat(Files.exists(tmp.resolve("k.pub.pem"))).isFalse();
    }

    @Test
    void existingKeyIsNotOverwrittenAndBadCurveIsAUsageError() throws Exception {
        Path key = tmp.resolve("key.pem");
        assertThat(Cli.run("keygen", "--out", key.toString()).code()).isZero();
        String before = Files.readString(key);
        Cli.Result again = Cli.run("keygen", "--out", key.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("refusing to overwrite");
        assertThat(Files.readString(key)).isEqualTo(before);
        Cli.Result curve = Cli.run("keygen", "--out", tmp.resolve("x.pem").toString(), "--curve", "secp256k1");
        assertThat(curve.code()).isEqualTo(2);
        assertThat(curve.err()).contains("--curve");
    }
}
