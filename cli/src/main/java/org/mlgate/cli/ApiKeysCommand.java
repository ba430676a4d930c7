package org.mlgate.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mlgate.core.PolicyException;
import org.mlgate.core.UsageException;
import org.mlgate.lineage.store.StoreConfig;
import org.mlgate.serve.keys.ApiKeys;
import org.mlgate.serve.policy.OutputPolicy;
import org.mlgate.serve.state.KeyRow;
import org.mlgate.serve.state.StateDb;
import org.mlgate.serve.state.StateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate api-keys}: keys of the prediction server, stored only as their HMAC (the key id). */
@Command(name = "api-keys", mixinStandardHelpOptions = true,
        header = "Create, list and revoke the prediction server's API keys.",
        description = {"Keys are stored only as HMAC-SHA-256 under the server's secret ($MLGATE_SERVE_SECRET, else one "
                + "generated into the server's database); a created key is printed once. Works while 'mlgate serve' "
                + "runs (the embedded database is shared in H2's auto-server mode); changes take effect within "
                + "2 seconds."},
        subcommands = {ApiKeysCommand.Create.class, ApiKeysCommand.Revoke.class, ApiKeysCommand.ListKeys.class})
public final class ApiKeysCommand implements Runnable {
    @ParentCommand
    MlgateCommand parent;

    @Override
    public void run() {
        throw new UsageException("missing api-keys command (create, list, revoke)");
    }


    /** The shared {@code --state-db} option. */
    static final class Db {
        @Option(names = "--state-db", paramLabel = "PATH|URL", description = "The server's database (default: "
                + "$MLGATE_HOME/serve.mv.db).")
        String stateDb;

        StateStore open(Streams s) {
            return StateStore.open(stateDb != null ? StateDb.parse(stateDb) : StateDb.embedded(StoreConfig.home(s.env())));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key and print it once.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        ApiKeysCommand keys;
        @picocli.CommandLine.Mixin
        Db db;
        @Option(names = "--name", description = "A note saying whose key it is.")
        String name;
        @Option(names = "--policy", paramLabel = "POLICY", description = "This key's output policy (default: the "
                + "server's).")
        String policy;
        @Option(names = "--budget", paramLabel = "N", description = "This key's lifetime predictions.")
        Long budget;
        @Option(names = "--daily-budget", paramLabel = "N", description = "This key's predictions per UTC day.")
        Long dailyBudget;
        @picocli.CommandLine.Mixin
        ReportFormatOption format;

        @Override
        public Integer call() {
            String spelled = policy == null ? null : OutputPolicy.parse(policy).spelling();
            if (budget != null && budget < 1 || dailyBudget != null && dailyBudget < 1) {
                throw new UsageException("budgets must be positive");
            }
            Streams s = keys.parent.streams();
            try (StateStore store = db.open(s)) {
                String env = s.env().get("MLGATE_SERVE_SECRET");
                byte[] secret = env != null && !env.isBlank() ? env.getBytes(StandardCharsets.UTF_8) : store.secret();
                String key = ApiKeys.newKey();
                String id = new ApiKeys(secret, List.of()).id(key);
                store.createKey(new KeyRow(id, Instant.now(), name, spelled, budget, dailyBudget, null));
                if (format.json()) {
                    s.out().println(Json.pretty(Map.of("key", key, "id", id)));
                } else {
                    s.out().println(key);
                    s.err().println("mlgate: created key id " + id + " (the key above is shown only now)");
                }
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        ApiKeysCommand keys;
        @picocli.CommandLine.Mixin
        Db db;
        @Parameters(paramLabel = "ID", description = "The key id (from 'api-keys list').")
        String id;

        @Override
        public Integer call() {
            Streams s = keys.parent.streams();
            try (StateStore store = db.open(s)) {
                if (!store.revoke(id, Instant.now())) {
                    throw new PolicyException("no API key with id " + id);
                }
            }
            s.err().println("mlgate: revoked " + id);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List key ids (never keys).")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        ApiKeysCommand keys;
        @picocli.CommandLine.Mixin
        Db db;
        @picocli.CommandLine.Mixin
        ReportFormatOption format;

        @Override
        public Integer call() {
            Streams s = keys.parent.streams();
            try (StateStore store = db.open(s)) {
                List<KeyRow> rows = store.keys();
                if (format.json()) {
                    s.out().println(Json.pretty(Map.of("keys", rows)));
                } else {
                    for (KeyRow k : rows) {
                        s.out().printf("%s  %s  %s  policy %s  budget %s  daily %s%s%n", k.id(), k.createdAt(),
                                k.name() == null ? "-" : k.name(), k.policy() == null ? "(server's)" : k.policy(),
                                k.budget() == null ? "-" : k.budget(), k.dailyBudget() == null ? "-" : k.dailyBudget(),
                                k.revoked() ? "  REVOKED " + k.revokedAt() : "");
                    }
                }
            }
            return 0;
        }
    }
}
