package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Label;
import org.mlgate.train.data.Schema;
import org.mlgate.train.pkg.Packages;

/**
 * {@code mlgate serve} refusals (each before the port opens, with its exit code) and {@code mlgate api-keys}. Serving
 * itself is tested on a real server in the serve module.
 */
class ServeCommandTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private Map<String, String> env() {
        return Map.of("MLGATE_HOME", tmp.resolve("home").toString());
    }

    private Path model() throws Exception {
        return Packages.write(tmp.resolve("fraud"), new Schema(List.of(new Feature.Numeric("amount", 0.0, 10.0)),
                new Label("y", List.of("0", "1")), List.of(), null), List.of(), 1);
    }


    @Test
    void withoutAVerifyKeyOrAnExplicitInsecureFlagItIsAUsageError() throws Exception {
        Cli.Result r = Cli.run(env(), "serve", "--model", model().toString(), "--api-key", "k".repeat(20));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--public-key", "--insecure-skip-verify");
    }

    @Test
    void anUnsignedModelIsRefusedWithExit1() throws Exception {
        Path pub = tmp.resolve("pub.pem");
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.nio.file.Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(g.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Cli.Result r = Cli.run(env(), "serve", "--model", model().toString(), "--verify-key", pub.toString(),
                "--api-key", "k".repeat(20), "--port", "0");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void noApiKeyIsAUsageErrorAndAPortInUseExits3() throws Exception {
        Path m = model();
        Cli.Result none = Cli.run(env(), "serve", "--model", m.toString(), "--insecure-skip-verify", "--port", "0");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("no API key", "api-keys create");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Result r = Cli.run(env(), "serve", "--model", m.toString(), "--insecure-skip-verify", "--api-key",
                    "k".repeat(20), "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.code()).as(r.err()).isEqualTo(3);
            assertThat(r.err()).contains("cannot listen");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void badPolicyOrRateIsAUsageError() throws Exception {
        Path m = model();
        assertThat(Cli.run(env(), "serve", "--model", m.toString(), "--insecure-skip-verify", "--api-key",
                "k".repeat(20), "--policy", "round:x").code()).isEqualTo(2);
        assertThat(Cli.run(env(), "serve", "--model", m.toString(), "--insecure-skip-verify", "--api-key",
                "k".repeat(20), "--rate", "5/fortnight").code()).isEqualTo(2);
        assertThat(Cli.run(env(), "serve", "--model", m.toString(), "--insecure-skip-verify", "--api-key",
                "k".repeat(20), "--state-db", "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'x'").code()).isEqualTo(2);
    }

    @Test
    void apiKeysArePrintedOnceListedByIdAndRevoked() throws Exception {
        Cli.Result c = Cli.run(env(), "api-keys", "create", "--name", "alice", "--policy", "bins:low,0.5,high",
                "--budget", "10", "--format", "json");
        assertThat(c.code()).as(c.err()).isZero();
        JsonNode created = MAPPER.readTree(c.out());
        String key = created.get("key").asText();
        String id = created.get("id").asText();
        assertThat(key).startsWith("mlg_");
        Cli.Result list = Cli.run(env(), "api-keys", "list", "--format", "json");
        assertThat(list.out()).contains(id, "alice", "bins:low,0.5,high").doesNotContain(key);
        assertThat(Cli.run(env(), "api-keys", "revoke", id).code()).isZero();
        assertThat(Cli.run(env(), "api-keys", "list").out()).contains("REVOKED");
        assertThat(Cli.run(env(), "api-keys", "revoke", "00".repeat(32)).code()).isEqualTo(1);
        assertThat(Cli.run(env(), "api-keys", "create", "--policy", "nonsense").code()).isEqualTo(2);
    }

    @Test
    void configUnknownKeysAndTypeErrorsNameFileLineAndKey() throws Exception {
        Path m = model();
        Path cfg = tmp.resolve("serve.yaml");
        java.nio.file.Files.writeString(cfg, "models:\n  - path: fraud\nlimits:\n  budget: lots\n");
        Cli.Result r = Cli.run(env(), "serve", "--config", cfg.toString(), "--insecure-skip-verify", "--api-key",
                "k".repeat(20));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("serve.yaml:4", "limits.budget");
        java.nio.file.Files.writeString(cfg, "models:\n  - path: fraud\nrate_limit: 5\n");
        r = Cli.run(env(), "serve", "--config", cfg.toString(), "--insecure-skip-verify", "--api-key", "k".repeat(20));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("serve.yaml:3", "rate_limit");
        // a valid file gets as far as the missing key (models resolved relative to the file)
        java.nio.file.Files.writeString(cfg, "models:\n  - path: fraud\n    policy: round:3\npolicy: label\n");
        r = Cli.run(env(), "serve", "--config", cfg.toString(), "--insecure-skip-verify", "--port", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no API key");
        assertThat(m).exists();
    }
}
