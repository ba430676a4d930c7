package org.mlgate.attack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.mlgate.lineage.store.StoreConfig;
import org.mlgate.serve.ModelLoader;
import org.mlgate.serve.PredictionServer;
import org.mlgate.serve.ServeLimits;
import org.mlgate.serve.ServeSettings;
import org.mlgate.serve.keys.Limits;
import org.mlgate.serve.policy.OutputPolicy;
import org.mlgate.serve.state.StateDb;

/** A real {@code mlgate serve} on a loopback port for one model (gate skipped: the tests attack, not load). */
final class LiveServer implements AutoCloseable {
    static final String KEY = "attack-test-key-0123456789";
    final PredictionServer server;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    LiveServer(Path model, String policy, Limits limits, Path state) {
        server = PredictionServer.start(new ServeSettings(List.of(new ServeSettings.ModelSpec("m", model)),
                new ModelLoader.Trust.InsecureSkipVerify(), OutputPolicy.parse(policy), limits, ServeLimits.DEFAULT,
                List.of(KEY), StateDb.file(state.resolve("state")), StoreConfig.embedded(state.resolve("home")), null,
                "127.0.0.1", 0), new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    String predictUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1/models/m:predict";
    }

    @Override
    public void close() {
        server.close();
    }
}
