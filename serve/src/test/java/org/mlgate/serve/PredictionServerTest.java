package org.mlgate.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.FailureKind;
import org.mlgate.core.MlgateException;
import org.mlgate.gate.ScanRequirement;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.RecordReader;
import org.mlgate.lineage.store.LineageStore;
import org.mlgate.lineage.store.StoreConfig;
import org.mlgate.scan.Scanner;
import org.mlgate.serve.keys.Limits;
import org.mlgate.serve.policy.OutputPolicy;
import org.mlgate.serve.state.StateDb;
import org.mlgate.serve.state.StateStore;
import org.mlgate.sign.SignOptions;
import org.mlgate.sign.Signer;
import org.mlgate.sign.SigningMethod;
import org.mlgate.sign.VerificationMethod;
import org.mlgate.sign.VerifyOptions;
import org.mlgate.sign.hash.Serialization;
import org.mlgate.sign.keys.Curve;
import org.mlgate.sign.keys.PemFiles;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Label;
import org.mlgate.train.data.Origin;
import org.mlgate.train.data.Scale;
import org.mlgate.train.data.Schema;
import org.mlgate.train.pkg.Packages;

/** A real server on port 0, called over HTTP: every check of the request path, each policy, budgets, the audit log. */
class PredictionServerTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String KEY = "test-key-0123456789abcdef";
    static final String VALID = "{\"amount\": 120.5, \"hour\": 3, \"channel\": \"web\", \"merchant\": \"fuel\"}";

    @TempDir
    Path tmp;
    Path model;
    PemFiles.KeyPair pair;
    PredictionServer server;
    final HttpClient http = HttpClient.newHttpClient();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    static Schema schema() {
        return new Schema(List.of(new Feature.Numeric("amount", 0.0, 1000.0, Scale.LOG, Origin.DECLARED),
                new Feature.Numeric("hour", 0.0, 23.0),
                new Feature.Categorical("channel", List.of("web", "shop")),
                new Feature.Categorical("merchant", List.of("grocery", "fuel"), org.mlgate.train.data.Unseen.OTHER,
                        Origin.DECLARED)),
                new Label("fraud", List.of("0", "1")), List.of("id"), null);
    }

    @BeforeEach
    void setUp() throws Exception {
        model = Packages.write(tmp.resolve("fraud"), schema(), List.of(), 7);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var kp = g.generateKeyPair();
        pair = new PemFiles.KeyPair((ECPrivateKey) kp.getPrivate(), (ECPublicKey) kp.getPublic(), Curve.P256);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private void sign() throws Exception {
        Signer.sign(model, new SignOptions(new SigningMethod.Key(pair), null, Serialization.Method.FILES, 0, List.of(),
                1));
    }

    private ModelLoader.Trust gated() {
        return new ModelLoader.Trust.Gated(new VerifyOptions(new VerificationMethod.Keys(List.of(pair.publicKey())),
                null, List.of(), false, 1), new ScanRequirement.InProcess(Scanner.builder().threads(1).build()));
    }

    private ServeSettings settings(OutputPolicy policy, Limits limits, ServeLimits requestLimits) {
        return new ServeSettings(List.of(new ServeSettings.ModelSpec("fraud", model)), gated(), policy, limits,
                requestLimits, List.of(KEY), StateDb.file(tmp.resolve("state")),
                StoreConfig.embedded(tmp.resolve("home")), null, "127.0.0.1", 0);
    }

    private PredictionServer start(OutputPolicy policy, Limits limits) throws Exception {
        sign();
        server = PredictionServer.start(settings(policy, limits, ServeLimits.DEFAULT),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        return server;
    }

    private HttpResponse<String> post(String path, String key, String type, String body) throws Exception {
        // No "Expect: 100-continue": a client that sends a too-large body whole must still get the 413, not a reset.
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> predict(String body) throws Exception {
        return post("/v1/models/fraud:predict", KEY, "application/json", body);
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return MAPPER.readTree(r.body());
    }

    @Test
    void checksAnswerInOrderWithMachineReadableReasons() throws Exception {
        start(new OutputPolicy.Raw(), Limits.NONE);
        HttpResponse<String> missing = post("/v1/models/nosuch:predict", null, null, "x");
        HttpResponse<String> wrong = post("/v1/models/nosuch:predict", "wrong-key-0123456789", null, "x");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(missing.body());
        assertThat(json(post("/v1/models/nosuch:predict", KEY, null, "x")).get("reason").asText())
                .isEqualTo("model_not_found");
        HttpResponse<String> type = post("/v1/models/fraud:predict", KEY, "text/plain", "x");
        assertThat(type.statusCode()).isEqualTo(415);
        HttpResponse<String> big = post("/v1/models/fraud:predict", KEY, "application/json",
                "{\"instances\": [" + (VALID + ",").repeat(20_000) + VALID + "]}");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(json(big).get("reason").asText()).isEqualTo("body_too_large");
        HttpResponse<String> bad = predict("{\"instances\": [");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("reason").asText()).isEqualTo("malformed_json");
        assertThat(bad.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void aClientThatSendsATooLargeBodyWholeReadsThe413() throws Exception {
        start(new OutputPolicy.Raw(), Limits.NONE);
        byte[] body = ("{\"instances\": [" + (VALID + ",").repeat(60_000) + VALID + "]}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /v1/models/fraud:predict HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 10; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(30_000);
                // Written from another thread, all of it, before the answer is read: a naive client.
                var writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        s.getOutputStream().write(head);
                        s.getOutputStream().write(body);
                        s.getOutputStream().flush();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                writer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answer).as("round %d", i).startsWith("HTTP/1.1 413").contains("body_too_large")
                        .containsIgnoringCase("connection: close");
            }
        }
    }

    @Test
    void everyFailingFieldOfEveryInstanceIsListedAndNothingIsClipped() throws Exception {
        start(new OutputPolicy.Raw(), Limits.NONE);
        HttpResponse<String> r = predict("{\"instances\": [" + VALID + ","
                + "{\"amount\": 5000, \"hour\": \"NaN\", \"channel\": \"fax\", \"merchant\": \"fuel\", \"extra\": 1},"
                + "{\"amount\": true, \"channel\": \"web\", \"merchant\": null}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.get("reason").asText()).isEqualTo("invalid_instances");
        List<String> errors = new ArrayList<>();
        body.get("errors").forEach(e -> errors.add(e.get("instance").asInt() + " " + e.get("field").asText() + ": "
                + e.get("problem").asText()));
        assertThat(errors).containsExactlyInAnyOrder(
                "1 amount: out of range [0, 1000]: 5000",
                "1 hour: not a number: 'NaN'",
                "1 channel: unknown category 'fax'",
                "1 extra: unknown field (not a feature of the model)",
                "2 amount: expected a number, got a boolean",
                "2 merchant: null",
                "2 hour: missing");
        assertThat(json(predict("{\"rows\": []}")).get("errors").toString()).contains("rows", "instances");
    }

    @Test
    void rawGivesTheSecondClassProbabilityAndFullPrecision() throws Exception {
        start(new OutputPolicy.Raw(), Limits.NONE);
        HttpResponse<String> r = predict("{\"instances\": [" + VALID + "]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode p = json(r).at("/predictions/0");
        double p1 = p.at("/probabilities/1").asDouble();
        assertThat(p.get("probability").asDouble()).isEqualTo(p1);
        assertThat(p.at("/probabilities/0").asDouble() + p1).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(p.get("label").isTextual()).isTrue();
        assertThat(p.get("label").asText()).isEqualTo(p1 > 0.5 ? "1" : "0");
        List<String> order = new ArrayList<>();
        p.get("probabilities").fieldNames().forEachRemaining(order::add);
        assertThat(order).containsExactly("0", "1");
        assertThat(log.toString()).contains("warning: output policy raw", "no rate limit and no budget apply");
    }

    @Test
    void labelAndBinsLeakNoNumber() throws Exception {
        start(OutputPolicy.parse("label"), Limits.NONE);
        HttpResponse<String> r = predict("{\"instances\": [" + VALID + "]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).matches("\\{\"predictions\":\\[\\{\"label\":\"[01]\"}]}");
        assertThat(r.headers().map().values().toString()).doesNotContainPattern("0\\.\\d");
        server.close();
        server = PredictionServer.start(settings(OutputPolicy.parse("bins:low,0.3,medium,0.7,high"), Limits.NONE,
                ServeLimits.DEFAULT), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(predict("{\"instances\": [" + VALID + "]}").body())
                .matches("\\{\"predictions\":\\[\\{\"label\":\"[01]\",\"bin\":\"(low|medium|high)\"}]}");
    }

    @Test
    void noiseIsTheSameForTheSameInputHoweverItIsSpelled() throws Exception {
        start(OutputPolicy.parse("noise:0.05"), Limits.NONE);
        String reordered = "{\"merchant\": \"fuel\", \"channel\": \"web\", \"hour\": 3.0, \"amount\": 120.50}";
        double a = json(predict("{\"instances\": [" + VALID + "]}")).at("/predictions/0/probability").asDouble();
        double b = json(predict("{\"instances\": [" + reordered + "]}")).at("/predictions/0/probability").asDouble();
        assertThat(a).isEqualTo(b);
        String other = VALID.replace("120.5", "121.5");
        double c = json(predict("{\"instances\": [" + other + "]}")).at("/predictions/0/probability").asDouble();
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        start(OutputPolicy.parse("round:2"), new Limits(Limits.Rate.parse("2/min"), null, null));
        assertThat(predict("{\"instances\": [" + VALID + "]}").statusCode()).isEqualTo(200);
        assertThat(predict("{\"instances\": [" + VALID + "]}").statusCode()).isEqualTo(200);
        HttpResponse<String> r = predict("{\"instances\": [" + VALID + "]}");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
    }

    @Test
    void lifetimeBudgetIsCountedInPredictionsRefusedRequestsCostNothingAndItSurvivesARestart() throws Exception {
        start(OutputPolicy.parse("label"), new Limits(null, 5L, null));
        assertThat(predict("{\"instances\": [" + (VALID + ",").repeat(2) + VALID + "]}").statusCode()).isEqualTo(200);
        assertThat(predict("{\"instances\": [{\"amount\": -1}]}").statusCode()).isEqualTo(400); // costs nothing
        assertThat(predict("{\"instances\": [" + (VALID + ",").repeat(2) + VALID + "]}").statusCode())
                .isEqualTo(403); // 3 + 3 > 5, refused whole
        assertThat(json(get("/v1/budget", KEY)).get("remaining").asLong()).isEqualTo(2);
        server.close();
        server = PredictionServer.start(settings(OutputPolicy.parse("label"), new Limits(null, 5L, null),
                ServeLimits.DEFAULT), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(json(get("/v1/budget", KEY)).get("remaining").asLong()).isEqualTo(2);
        assertThat(predict("{\"instances\": [" + VALID + "," + VALID + "]}").statusCode()).isEqualTo(200);
        HttpResponse<String> spent = predict("{\"instances\": [" + VALID + "]}");
        assertThat(spent.statusCode()).isEqualTo(403);
        assertThat(json(spent).get("reason").asText()).isEqualTo("budget_exhausted");
    }

    @Test
    void everyRequestIsAuditedWithDigestsNotInputs() throws Exception {
        start(new OutputPolicy.Raw(), Limits.NONE);
        HttpResponse<String> ok = predict("{\"instances\": [" + VALID + "]}");
        post("/v1/models/fraud:predict", null, "application/json", "{}");
        server.close();
        server = null;
        try (StateStore s = StateStore.open(StateDb.file(tmp.resolve("state")))) {
            var rows = s.audit(0, 100);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).status()).isEqualTo(200);
            assertThat(rows.get(0).output()).isEqualTo(ok.body());
            assertThat(rows.get(0).requestId()).isEqualTo(ok.headers().firstValue("X-Request-Id").orElseThrow());
            assertThat(rows.get(0).inputSha256()).hasSize(64);
            assertThat(rows.get(0).output()).doesNotContain("120.5");
            assertThat(rows.get(1).status()).isEqualTo(401);
            assertThat(rows.get(1).keyId()).isNull();
        }
    }

    @Test
    void modelsListsDigestsPolicyAndThePublicSchema() throws Exception {
        start(OutputPolicy.parse("topk:1"), Limits.NONE);
        JsonNode m = json(get("/v1/models", KEY)).at("/models/0");
        assertThat(m.get("name").asText()).isEqualTo("fraud");
        assertThat(m.get("verified").asBoolean()).isTrue();
        assertThat(m.get("policy").asText()).isEqualTo("topk:1");
        assertThat(m.at("/schema/features/0/name").asText()).isEqualTo("amount");
        assertThat(m.get("model_sha256").asText()).hasSize(64);
        assertThat(get("/v1/models", null).statusCode()).isEqualTo(401);
        assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesToStartOnAnUnsignedTamperedOrUnsafeModel() throws Exception {
        PrintStream quiet = new PrintStream(log, true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PredictionServer.start(settings(new OutputPolicy.Raw(), Limits.NONE,
                ServeLimits.DEFAULT), quiet)).isInstanceOf(MlgateException.class)
                .satisfies(e -> assertThat(((MlgateException) e).kind()).isEqualTo(FailureKind.POLICY));
        sign();
        byte[] w = Files.readAllBytes(model.resolve("model.safetensors"));
        w[w.length - 1] ^= 1;
        Files.write(model.resolve("model.safetensors"), w);
        assertThatThrownBy(() -> PredictionServer.start(settings(new OutputPolicy.Raw(), Limits.NONE,
                ServeLimits.DEFAULT), quiet)).hasMessageContaining("model.safetensors");
        w[w.length - 1] ^= 1;
        Files.write(model.resolve("model.safetensors"), w);
        // a signed pickle that calls os.system, under an allowed name
        Files.write(model.resolve("extra.sig"), new byte[] {(byte) 0x80, 0x02, 'c', 'o', 's', '\n', 's', 'y', 's',
            't', 'e', 'm', '\n', '.'});
        sign();
        assertThatThrownBy(() -> PredictionServer.start(settings(new OutputPolicy.Raw(), Limits.NONE,
                ServeLimits.DEFAULT), quiet)).hasMessageContaining("extra.sig");
    }

    @Test
    void theDeploymentIsReachedByLineageImpactOfTheTrainingData() throws Exception {
        StoreConfig lineage = StoreConfig.embedded(tmp.resolve("home"));
        try (LineageStore store = LineageStore.open(lineage)) {
            store.record(RecordReader.read(Files.readAllBytes(model.resolve("provenance.json")), "provenance.json",
                    null, ArtifactKind.MODEL));
        }
        start(OutputPolicy.parse("label"), Limits.NONE);
        try (LineageStore store = LineageStore.open(lineage)) {
            List<Artifact> impact = store.impact("ab".repeat(32));
            assertThat(impact).filteredOn(a -> a.kind() == ArtifactKind.DEPLOYMENT).extracting(Artifact::name)
                    .containsExactly("fraud");
        }
    }
}
