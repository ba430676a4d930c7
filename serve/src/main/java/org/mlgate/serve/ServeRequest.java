package org.mlgate.serve;

import java.nio.file.Path;
import java.util.List;

/**
 * What a front was asked for, before it is merged with {@code serve.yaml} and the environment into
 * {@link ServeSettings} ({@link ServeSettings#from}). A null field or empty list was not given; a given one
 * overrides the configuration file.
 *
 * @param models {@code [NAME=]DIR} each
 */
public record ServeRequest(Path config, List<String> models, List<Path> verifyKeys, Path requireScan,
                           List<Path> scanKeys, boolean insecureSkipVerify, String policy, Long budget,
                           Long dailyBudget, String rate, List<String> apiKeys, Path apiKeyFile, String stateDb,
                           String lineageDb, String host, Integer port, Integer maxBody, Integer maxBatch) {
    public ServeRequest {
        models = List.copyOf(models);
        verifyKeys = List.copyOf(verifyKeys);
        scanKeys = List.copyOf(scanKeys);
        apiKeys = List.copyOf(apiKeys);
    }
}
