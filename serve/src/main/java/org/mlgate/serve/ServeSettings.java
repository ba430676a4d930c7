package org.mlgate.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.mlgate.lineage.store.StoreConfig;
import org.mlgate.serve.keys.Limits;
import org.mlgate.serve.policy.OutputPolicy;
import org.mlgate.serve.state.StateDb;

/**
 * Everything a server needs, validated: models (URL name and folder), how they are proven, the default output
 * policy, per-key limits, request limits, API keys given outside the database, the server's database, the lineage
 * store the deployment records go to (null: none recorded), the HMAC secret from the environment (null: the
 * database's), and where to listen.
 */
public record ServeSettings(List<ModelSpec> models, ModelLoader.Trust trust, OutputPolicy policy, Limits limits,
                            ServeLimits requestLimits, List<String> apiKeys, StateDb stateDb, StoreConfig lineage,
                            byte[] secret, String host, int port) {
    /** A model folder, the name in its URL and its own default output policy (null: the server's). */
    public record ModelSpec(String name, Path dir, OutputPolicy policy) {
        public ModelSpec(String name, Path dir) {
            this(name, dir, null);
        }

        public ModelSpec {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new org.mlgate.core.UsageException("model name '" + name + "' must be 1-64 letters, digits, "
                        + "'.', '_' or '-' (it is part of the URL)");
            }
        }
    }

    /** Merges what a front was asked for over its {@code serve.yaml} and {@code env}; every problem is a usage error. */
    public static ServeSettings from(ServeRequest request, java.util.Map<String, String> env) {
        return SettingsMerge.merge(request, env);
    }

    public ServeSettings {
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(requestLimits, "requestLimits");
        Objects.requireNonNull(stateDb, "stateDb");
        models = List.copyOf(models);
        apiKeys = List.copyOf(apiKeys);
        if (models.isEmpty()) {
            throw new org.mlgate.core.UsageException("at least one --model is required");
        }
        if (port < 0 || port > 65535) {
            throw new org.mlgate.core.UsageException("--port must be 0 to 65535");
        }
        if (secret != null && secret.length < 32) {
            throw new org.mlgate.core.UsageException("MLGATE_SERVE_SECRET must hold at least 32 characters");
        }
    }
}
