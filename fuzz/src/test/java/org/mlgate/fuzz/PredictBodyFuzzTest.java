package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.mlgate.core.FileTrees;
import org.mlgate.lineage.store.StoreConfig;
import org.mlgate.serve.ModelLoader;
import org.mlgate.serve.PredictionServer;
import org.mlgate.serve.PredictionService;
import org.mlgate.serve.Response;
import org.mlgate.serve.ServeLimits;
import org.mlgate.serve.ServeSettings;
import org.mlgate.serve.keys.Limits;
import org.mlgate.serve.policy.OutputPolicy;
import org.mlgate.serve.state.StateDb;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Label;
import org.mlgate.train.data.Origin;
import org.mlgate.train.data.Scale;
import org.mlgate.train.data.Schema;
import org.mlgate.train.pkg.Packages;

/**
 * Any bytes as the body of {@code POST /v1/models/fraud:predict} with a valid key, through the server's request
 * path ({@link PredictionService#predict}; the HTTP front only copies the answer out): the answer is a 200 or a
 * 400 (never a 5xx or an exception), its body is one JSON object, a 400 gives a reason and a message, and a 200 holds one
 * prediction per row sent. The model is a seeded logistic regression over the fraud lab's schema, loaded without
 * the signature gate (signing is not what is fuzzed here).
 */
class PredictBodyFuzzTest {
    private static final String KEY = "fuzz-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR;
    private static final PredictionServer SERVER;

    static {
        try {
            DIR = FuzzFiles.tempDir("mlgate-predict-fuzz-");
            Schema schema = new Schema(List.of(
                    new Feature.Numeric("amount", 0.0, 1000.0, Scale.LOG, Origin.DECLARED),
                    new Feature.Numeric("hour", 0.0, 23.0),
                    new Feature.Categorical("channel", List.of("web", "shop")),
                    new Feature.Categorical("merchant", List.of("grocery", "fuel"),
                            org.mlgate.train.data.Unseen.OTHER, Origin.DECLARED)),
                    new Label("fraud", List.of("0", "1")), List.of("id"), null);
            Path model = Packages.write(DIR.resolve("fraud"), schema, List.of(), 7);
            ServeSettings s = new ServeSettings(List.of(new ServeSettings.ModelSpec("fraud", model)),
                    new ModelLoader.Trust.InsecureSkipVerify(), new OutputPolicy.Raw(), Limits.NONE,
                    ServeLimits.DEFAULT, List.of(KEY), StateDb.file(DIR.resolve("state")),
                    StoreConfig.embedded(DIR.resolve("home")), null, "127.0.0.1", 0);
            SERVER = PredictionServer.start(s, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        SERVER.close();
        FileTrees.delete(DIR);
    }

    @FuzzTest(maxDuration = "2m")
    void body(byte @NotNull @WithLength(max = 1 << 14) [] data) throws IOException {
        Response r = SERVER.service().predict(new PredictionService.PredictRequest("Bearer " + KEY, "fraud:predict",
                "application/json", data.length, limit -> data, PredictionService.requestId(null)));
        if (!Set.of(200, 400).contains(r.status())) {
            throw new AssertionError("status " + r.status() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        JsonNode answer = JSON.readTree(r.body());
        if (answer == null || !answer.isObject()) {
            throw new AssertionError("not a JSON object: " + new String(r.body(), StandardCharsets.UTF_8));
        }
        if (r.status() == 400 && !(answer.path("reason").isTextual() && answer.path("message").isTextual())) {
            throw new AssertionError("a 400 without a reason and a message: " + answer);
        }
        if (r.status() == 200) {
            int rows = JSON.readTree(data).get("instances").size();
            if (answer.path("predictions").size() != rows) {
                throw new AssertionError(rows + " rows sent, answer " + answer);
            }
        }
    }
}
