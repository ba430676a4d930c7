package org.mlgate.serve.state;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.mlgate.core.UsageException;

/**
 * Where the server keeps its state (key ids, budgets' audit trail): an embedded H2 file (default
 * {@code $MLGATE_HOME/serve.mv.db}, opened in H2's auto-server mode so that {@code mlgate api-keys} and
 * {@code mlgate audit} work while a server runs) or a PostgreSQL URL. Nothing else is accepted: an H2 URL could
 * carry settings that run code ({@code INIT=}, {@code CREATE ALIAS}), so H2 is named by a file path only, and a
 * PostgreSQL URL may carry only the parameters listed in {@link #POSTGRES_PARAMETERS}.
 */
public record StateDb(String jdbcUrl, boolean h2) {
    static final Set<String> POSTGRES_PARAMETERS = Set.of("user", "password", "sslmode", "ssl", "connecttimeout",
            "applicationname", "currentschema");

    public static StateDb embedded(Path home) {
        return file(home.resolve("serve"));
    }

    /** An H2 database at {@code base} ({@code base.mv.db}). */
    public static StateDb file(Path base) {
        String p = base.toAbsolutePath().normalize().toString();
        if (p.contains(";") || p.contains("=")) {
            throw new UsageException("--state-db: an H2 path may not contain ';' or '=': " + p);
        }
        return new StateDb("jdbc:h2:file:" + p + ";AUTO_SERVER=TRUE", true);
    }

    /** {@code --state-db}: a {@code jdbc:postgresql://} URL with allowlisted parameters, or an H2 file path. */
    public static StateDb parse(String value) {
        if (value == null || value.isBlank()) {
            throw new UsageException("--state-db needs a PostgreSQL URL or a file path");
        }
        if (value.startsWith("jdbc:h2:")) {
            throw new UsageException("--state-db: give the H2 database as a file path, not a jdbc:h2: URL (its "
                    + "settings could run code)");
        }
        if (!value.startsWith("jdbc:postgresql://")) {
            if (value.startsWith("jdbc:")) {
                throw new UsageException("--state-db: only jdbc:postgresql:// URLs or file paths are accepted");
            }
            String base = value.endsWith(".mv.db") ? value.substring(0, value.length() - ".mv.db".length()) : value;
            return file(Path.of(base));
        }
        URI uri;
        try {
            uri = URI.create(value.substring("jdbc:".length()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--state-db: not a URL: " + e.getMessage());
        }
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                String key = kv.contains("=") ? kv.substring(0, kv.indexOf('=')) : kv;
                if (!POSTGRES_PARAMETERS.contains(key.toLowerCase(Locale.ROOT))) {
                    throw new UsageException("--state-db: parameter '" + key + "' is not allowed (allowed: "
                            + String.join(", ", POSTGRES_PARAMETERS.stream().sorted().toList()) + ")");
                }
            }
        }
        return new StateDb(value, false);
    }

    /** The URL without credentials, for messages. */
    public String display() {
        return jdbcUrl.replaceAll("(?i)password=[^&;]*", "password=***");
    }
}
