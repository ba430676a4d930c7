package org.mlgate.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mlgate.config.ConfigLoader;
import org.mlgate.config.Secret;

/**
 * {@code serve.yaml}, read by the project's strict loader (unknown keys and type errors name file, line and key).
 * Every key is optional; command-line flags override it. Paths are relative to the file's folder.
 *
 * <pre>
 * models:
 *   - path: fraud-model
 *     name: fraud                      # default: the folder's name
 *     policy: bins:low,0.3,medium,0.7,high
 * policy: label                        # default for models without their own
 * limits: {rate: 50/s, budget: 10000, daily_budget: 1000}
 * verify_keys: [release.pub.pem]
 * api_key_file: keys.txt
 * state_db: ${SERVE_DB_URL}            # secret: ${ENV} allowed here only
 * host: 127.0.0.1
 * port: 8080
 * max_body: 1048576
 * max_batch: 1000
 * </pre>
 */
public record ServeConfig(List<Model> models, Optional<String> policy, Optional<LimitsConfig> limits,
                          List<String> verifyKeys, Optional<String> apiKeyFile, @Secret Optional<String> stateDb,
                          Optional<String> host, Optional<Integer> port, Optional<Integer> maxBody,
                          Optional<Integer> maxBatch) {
    /** One served model. */
    public record Model(String path, Optional<String> name, Optional<String> policy) { }

    /** Default per-key limits. */
    public record LimitsConfig(Optional<String> rate, Optional<Long> budget, Optional<Long> dailyBudget) { }

    public static ServeConfig load(Path file) {
        return ConfigLoader.standard().load(file, ServeConfig.class);
    }
}
