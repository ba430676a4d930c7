package org.mlgate.lineage.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the lineage store lives: a JDBC URL (H2 or PostgreSQL), credentials, and optionally the schema to use
 * (created by the migrations when absent). Validated once here.
 */
public record StoreConfig(String jdbcUrl, String user, String password, String schema) {
    /** Environment variable naming a JDBC URL that overrides the embedded default. */
    public static final String DB_ENV = "MLGATE_LINEAGE_DB";

    public StoreConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("lineage store URL must be jdbc:h2:... or jdbc:postgresql:..., got "
                    + jdbcUrl);
        }
        if (schema != null && !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("schema name must be lower-case letters, digits and _: " + schema);
        }
    }

    /** The embedded default: an H2 file {@code lineage.mv.db} under {@code home}, created on first use. */
    public static StoreConfig embedded(Path home) {
        return new StoreConfig("jdbc:h2:file:" + home.toAbsolutePath().resolve("lineage"), "sa", "", null);
    }

    /** A JDBC URL given by the user (credentials, if any, in the URL as the driver expects). */
    public static StoreConfig url(String jdbcUrl) {
        return new StoreConfig(jdbcUrl, null, null, null);
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
