package org.mlgate.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mlgate.serve.keys.Limits;
import org.mlgate.serve.policy.OutputPolicy;
import org.mlgate.serve.state.StateDb;

/** A server in its own process, for the kill -9 test: args MODEL_DIR STATE_DB_PATH KEY PORT_FILE. */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(String[] args) throws Exception {
        PredictionServer server = PredictionServer.start(new ServeSettings(
                List.of(new ServeSettings.ModelSpec("fraud", Path.of(args[0]))),
                new ModelLoader.Trust.InsecureSkipVerify(), new OutputPolicy.Raw(), Limits.NONE, ServeLimits.DEFAULT,
                List.of(args[2]), StateDb.file(Path.of(args[1])), null, null, "127.0.0.1", 0), System.err);
        Path tmp = Path.of(args[3] + ".tmp");
        Files.writeString(tmp, Integer.toString(server.port()));
        Files.move(tmp, Path.of(args[3]), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(Long.MAX_VALUE);
    }
}
