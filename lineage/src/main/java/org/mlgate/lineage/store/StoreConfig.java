package org.mlgate.lineage.store;

import java.nio.file.Path;
import java.util.Map;
import org.mlgate.core.UsageException;

/**
 * Where the lineage store lives: a JDBC URL (H2 file or PostgreSQL), credentials, and optionally the schema to use
 * (created by the migrations when absent). The URL is checked by {@link StoreUrl} and replaced by the one it
 * rebuilds, so no setting off the allowlist reaches a driver, whoever built the config.
 */
public record StoreConfig(String jdbcUrl, String user, String password, String schema) {
    /** Environment variable naming the store (a path or JDBC URL) that overrides the embedded default. */
    public static final String DB_ENV = "MLGATE_LINEAGE_DB";

    public StoreConfig {
        jdbcUrl = StoreUrl.parse(jdbcUrl).jdbcUrl();
        if (schema != null && !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new UsageException("schema name must be lower-case letters, digits and _: " + schema);
        }
    }

    /** The embedded default: an H2 file {@code lineage.mv.db} under {@code home}, created on first use. */
    public static StoreConfig embedded(Path home) {
        return new StoreConfig("jdbc:h2:file:" + home.toAbsolutePath().resolve("lineage"), "sa", "", null);
    }

    /**
     * A store the user named: an H2 file path or a JDBC URL (credentials, if any, in the URL as the driver expects;
     * an H2 file without USER= is opened as the embedded default's user). Refused (usage error, naming the
     * setting) unless {@link StoreUrl} accepts it; nothing is opened here.
     */
    public static StoreConfig url(String text) {
        StoreUrl parsed = StoreUrl.parse(text);
        if (parsed instanceof StoreUrl.H2File h2 && !h2.settings().containsKey(StoreUrl.H2Setting.USER)) {
            return new StoreConfig(parsed.jdbcUrl(), "sa", "", null);
        }
        return new StoreConfig(parsed.jdbcUrl(), null, null, null);
    }

    /**
     * The store chosen by the environment: {@code MLGATE_LINEAGE_DB} if set, else the embedded H2 file under
     * {@code MLGATE_HOME} (default {@code ~/.mlgate}).
     */
    public static StoreConfig fromEnvironment(Map<String, String> env) {
        String url = env.get(DB_ENV);
        if (url != null && !url.isBlank()) {
            return url(url);
        }
        return embedded(home(env));
    }

    /** {@code MLGATE_HOME}, or {@code ~/.mlgate}. */
    public static Path home(Map<String, String> env) {
        String home = env.get("MLGATE_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".mlgate");
    }

    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }
}
