package org.mlgate.serve.state;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.mlgate.lineage.store.StoreUrl;

/**
 * Where the server keeps its state (key ids, budgets' audit trail): an embedded H2 file (default
 * {@code $MLGATE_HOME/serve.mv.db}, opened in H2's auto-server mode so that {@code mlgate api-keys} and
 * {@code mlgate audit} work while a server runs) or a PostgreSQL URL. A JDBC URL can run code ({@code INIT=},
 * {@code socketFactory}), so {@code --state-db} goes through the same allowlist as the lineage store
 * ({@link StoreUrl}) and the driver only ever sees the URL rebuilt from the checked parts.
 */
public record StateDb(StoreUrl url) {
    public static StateDb embedded(Path home) {
        return file(home.resolve("serve"));
    }

    /** An H2 database at {@code base} ({@code base.mv.db}). */
    public static StateDb file(Path base) {
        return of(new StoreUrl.H2File(base, Map.of()));
    }

    /** {@code --state-db}: an H2 file path or URL, or a PostgreSQL URL, each with allowlisted settings only. */
    public static StateDb parse(String value) {
        return of(StoreUrl.parse("--state-db", value));
    }

    private static StateDb of(StoreUrl url) {
        if (url instanceof StoreUrl.H2File h2) {
            Map<StoreUrl.H2Setting, String> settings = new EnumMap<>(StoreUrl.H2Setting.class);
            settings.putAll(h2.settings());
            settings.put(StoreUrl.H2Setting.AUTO_SERVER, "TRUE"); // the admin commands share the file with a server
            return new StateDb(new StoreUrl.H2File(h2.path(), settings));
        }
        return new StateDb(url);
    }

    public String jdbcUrl() {
        return url.jdbcUrl();
    }

    public boolean h2() {
        return url instanceof StoreUrl.H2File;
    }

    /** The URL without credentials, for messages. */
    public String display() {
        return jdbcUrl().replaceAll("(?i)password=[^&;]*", "password=***");
    }
}
