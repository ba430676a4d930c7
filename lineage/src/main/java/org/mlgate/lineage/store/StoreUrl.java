package org.mlgate.lineage.store;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.mlgate.core.UsageException;

/**
 * Where the lineage store lives, as the user wrote it, parsed and checked before any JDBC driver sees it. A JDBC URL
 * is code: H2's {@code INIT=} runs SQL (and {@code CREATE ALIAS} compiles Java), PostgreSQL's {@code socketFactory}
 * instantiates a class. So only an H2 file (a path, or {@code jdbc:h2:file:PATH}) or a PostgreSQL URL is accepted,
 * every setting must be on an allowlist with a value of its declared type, and the URL handed to the driver is
 * rebuilt from the checked parts — never the text given.
 */
public sealed interface StoreUrl {
    /** Longest URL accepted. */
    int MAX_LENGTH = 4096;

    /** The URL the driver gets, rebuilt from the checked parts. */
    String jdbcUrl();

    /** An embedded H2 database: {@code path} is its base name (the file is {@code path.mv.db}). */
    record H2File(Path path, Map<H2Setting, String> settings) implements StoreUrl {
        public H2File {
            path = path.toAbsolutePath().normalize();
            EnumMap<H2Setting, String> copy = new EnumMap<>(H2Setting.class);
            copy.putAll(settings);
            settings = Collections.unmodifiableMap(copy);
            if (path.toString().contains(";")) {
                throw new UsageException( "database path must not contain ';': " + path);
            }
        }

        @Override
        public String jdbcUrl() {
            StringBuilder b = new StringBuilder("jdbc:h2:file:").append(path);
            settings.forEach((k, v) -> b.append(';').append(k.name()).append('=').append(v));
            return b.toString();
        }
    }

    /** A PostgreSQL server. {@code hosts} are {@code host[:port]}, already checked. */
    record Postgres(List<String> hosts, String database, Map<PgParameter, String> parameters) implements StoreUrl {
        public Postgres {
            hosts = List.copyOf(hosts);
            EnumMap<PgParameter, String> copy = new EnumMap<>(PgParameter.class);
            copy.putAll(parameters);
            parameters = Collections.unmodifiableMap(copy);
        }

        @Override
        public String jdbcUrl() {
            StringBuilder b = new StringBuilder("jdbc:postgresql://").append(String.join(",", hosts)).append('/')
                    .append(URLEncoder.encode(database, StandardCharsets.UTF_8));
            char sep = '?';
            for (var e : parameters.entrySet()) {
                b.append(sep).append(e.getKey().key).append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                sep = '&';
            }
            return b.toString();
        }
    }

    /** The type a setting's value must have. */
    enum ValueType {
        BOOLEAN("true or false", Pattern.compile("(?i)true|false")),
        INTEGER("a whole number from 0 to 2147483647", Pattern.compile("0|[1-9][0-9]{0,9}")),
        IDENTIFIER("letters, digits and _", Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}")),
        /** Printable text without control characters (a password, an application name, a file path). */
        TEXT("printable text", Pattern.compile("[^\\p{Cntrl}]{1,1024}"));

        final String description;
        final Pattern pattern;

        ValueType(String description, Pattern pattern) {
            this.description = description;
            this.pattern = pattern;
        }
    }

    /** The H2 settings accepted in a lineage URL; anything else ({@code INIT}, {@code RUNSCRIPT}, ...) is refused. */
    enum H2Setting {
        AUTO_SERVER(ValueType.BOOLEAN),
        AUTO_SERVER_PORT(ValueType.INTEGER),
        LOCK_TIMEOUT(ValueType.INTEGER),
        IFEXISTS(ValueType.BOOLEAN),
        USER(ValueType.IDENTIFIER),
        // H2 ends a setting at ';' and has no escape we accept, so the password may not contain one
        PASSWORD(ValueType.TEXT);

        final ValueType type;

        H2Setting(ValueType type) {
            this.type = type;
        }
    }

    /** The PostgreSQL driver parameters accepted; anything else ({@code socketFactory}, {@code options}, ...) is refused. */
    enum PgParameter {
        USER("user", ValueType.TEXT, null),
        PASSWORD("password", ValueType.TEXT, null),
        SSL("ssl", ValueType.BOOLEAN, null),
        SSLMODE("sslmode", null, List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full")),
        SSLROOTCERT("sslrootcert", ValueType.TEXT, null),
        SSLCERT("sslcert", ValueType.TEXT, null),
        SSLKEY("sslkey", ValueType.TEXT, null),
        CONNECT_TIMEOUT("connectTimeout", ValueType.INTEGER, null),
        SOCKET_TIMEOUT("socketTimeout", ValueType.INTEGER, null),
        LOGIN_TIMEOUT("loginTimeout", ValueType.INTEGER, null),
        TCP_KEEP_ALIVE("tcpKeepAlive", ValueType.BOOLEAN, null),
        APPLICATION_NAME("ApplicationName", ValueType.TEXT, null),
        CURRENT_SCHEMA("currentSchema", ValueType.IDENTIFIER, null),
        TARGET_SERVER_TYPE("targetServerType", null, List.of("any", "primary", "secondary", "preferSecondary",
                "preferPrimary"));

        final String key;
        final ValueType type;
        final List<String> choices;

        PgParameter(String key, ValueType type, List<String> choices) {
            this.key = key;
            this.type = type;
            this.choices = choices;
        }

        static PgParameter of(String key) {
            for (PgParameter p : values()) {
                if (p.key.equals(key)) { // the driver matches parameter names exactly
                    return p;
                }
            }
            return null;
        }
    }

    Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:.*", Pattern.DOTALL);
    Pattern DRIVE = Pattern.compile("[A-Za-z]:[\\\\/].*", Pattern.DOTALL);
    Pattern HOST = Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9.\\-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}\\])(?::([0-9]{1,5}))?");
    Pattern DATABASE = Pattern.compile("[A-Za-z0-9_.\\-$]{1,63}");

    /**
     * Parses what {@code --db} or {@code $MLGATE_LINEAGE_DB} says: an H2 file path, {@code jdbc:h2:file:PATH[;S=V...]},
     * {@code jdbc:h2:PATH} or {@code jdbc:postgresql:...}. Anything else, any setting off the allowlist, any value of
     * the wrong type is a usage error naming it.
     */
    static StoreUrl parse(String text) {
        return parse("lineage store URL", text);
    }

    /** As {@link #parse(String)}, with messages naming the URL {@code label} (e.g. {@code --state-db}). */
    static StoreUrl parse(String label, String text) {
        if (text == null || text.isBlank()) {
            throw new UsageException(label + " is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new UsageException(label + " is longer than " + MAX_LENGTH + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new UsageException(label + " contains a control character");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            return h2(label, text.substring("jdbc:h2:".length()));
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return postgres(label, text.substring("jdbc:postgresql:".length()));
        }
        if (lower.startsWith("jdbc:")) {
            throw new UsageException(label + " must be an H2 file path, jdbc:h2:file:PATH or "
                    + "jdbc:postgresql://HOST/DB, got " + scheme(text));
        }
        if (SCHEME.matcher(text).matches() && !DRIVE.matcher(text).matches()) {
            throw new UsageException(label + " must be an H2 file path or a JDBC URL (jdbc:h2:file: or "
                    + "jdbc:postgresql:), got " + scheme(text));
        }
        // the file H2 writes is BASE.mv.db; a user naming that file means BASE
        String base = text.endsWith(".mv.db") ? text.substring(0, text.length() - ".mv.db".length()) : text;
        return h2Path(label, base, Map.of());
    }

    private static String scheme(String text) {
        int colon = text.indexOf(':', text.toLowerCase(Locale.ROOT).startsWith("jdbc:") ? 5 : 0);
        return colon < 0 ? "'" + text + "'" : "'" + text.substring(0, colon + 1) + "'";
    }

    private static StoreUrl h2(String label, String rest) {
        int semi = rest.indexOf(';');
        String name = semi < 0 ? rest : rest.substring(0, semi);
        Map<H2Setting, String> settings = new EnumMap<>(H2Setting.class);
        if (semi >= 0) {
            for (String part : rest.substring(semi + 1).split(";", -1)) {
                int eq = part.indexOf('=');
                String key = (eq < 0 ? part : part.substring(0, eq)).trim();
                if (key.isEmpty()) {
                    throw new UsageException(label + " has an empty H2 setting (';;' or a trailing ';')");
                }
                H2Setting s = h2Setting(label, key);
                if (eq < 0) {
                    throw new UsageException(label + ": H2 setting " + key + " has no value");
                }
                String value = part.substring(eq + 1);
                check(label, "H2 setting " + key, s.type, null, value);
                if (settings.putIfAbsent(s, value) != null) {
                    throw new UsageException(label + ": H2 setting " + key + " is given twice");
                }
            }
        }
        String path;
        if (name.regionMatches(true, 0, "file:", 0, 5)) {
            path = name.substring(5);
        } else if (SCHEME.matcher(name).matches() && !DRIVE.matcher(name).matches()) {
            throw new UsageException(label + ": only H2 file databases are accepted (jdbc:h2:file:PATH), "
                    + "not jdbc:h2:" + name.substring(0, name.indexOf(':') + 1));
        } else {
            path = name;
        }
        return h2Path(label, path, settings);
    }

    private static H2Setting h2Setting(String label, String key) {
        try {
            return H2Setting.valueOf(key.toUpperCase(Locale.ROOT)); // H2 reads setting names in any case
        } catch (IllegalArgumentException e) {
            throw new UsageException(label + ": H2 setting " + key + " is not allowed (allowed: "
                    + String.join(", ", java.util.Arrays.stream(H2Setting.values()).map(Enum::name).toList())
                    + "); settings such as INIT and RUNSCRIPT run code");
        }
    }

    private static H2File h2Path(String label, String path, Map<H2Setting, String> settings) {
        if (path.isEmpty()) {
            throw new UsageException(label + " names no H2 file");
        }
        // a file-system prefix such as split:, zip:, nio: or mem: selects another H2 file system
        if (SCHEME.matcher(path).matches() && !DRIVE.matcher(path).matches()) {
            throw new UsageException(label + ": H2 path '" + path + "' has a file-system prefix; give a "
                    + "plain file path");
        }
        if (path.equals("~") || path.startsWith("~/") || path.startsWith("~\\")) { // H2's home shorthand
            path = System.getProperty("user.home") + path.substring(1);
        }
        try {
            return new H2File(Path.of(path), settings);
        } catch (InvalidPathException e) {
            throw new UsageException(label + ": not a file path: " + path + " (" + e.getReason() + ")");
        }
    }

    private static StoreUrl postgres(String label, String rest) {
        int q = rest.indexOf('?');
        String target = q < 0 ? rest : rest.substring(0, q);
        List<String> hosts;
        String database;
        if (target.startsWith("//")) {
            int slash = target.indexOf('/', 2);
            if (slash < 0) {
                throw new UsageException(label + ": jdbc:postgresql://HOST/DATABASE needs a database");
            }
            String hostList = target.substring(2, slash);
            if (hostList.isEmpty()) {
                throw new UsageException(label + ": jdbc:postgresql:// names no host");
            }
            hosts = List.of(hostList.split(",", -1));
            for (String h : hosts) {
                var m = HOST.matcher(h);
                if (!m.matches() || m.group(2) != null && (Integer.parseInt(m.group(2)) == 0
                        || Integer.parseInt(m.group(2)) > 65535)) {
                    throw new UsageException(label + ": not a host[:port]: '" + h + "'");
                }
            }
            database = target.substring(slash + 1);
        } else {
            hosts = List.of("localhost:5432");
            database = target.startsWith("/") ? target.substring(1) : target;
        }
        database = decode(label, database, "database name");
        if (!DATABASE.matcher(database).matches()) {
            throw new UsageException(label + ": database name must be 1-63 letters, digits, _ . - or $, got '"
                    + database + "'");
        }
        Map<PgParameter, String> params = new EnumMap<>(PgParameter.class);
        if (q >= 0) {
            for (String part : rest.substring(q + 1).split("&", -1)) {
                int eq = part.indexOf('=');
                // the driver URL-decodes names too: %73ocketFactory is socketFactory
                String key = decode(label, eq < 0 ? part : part.substring(0, eq), "parameter name");
                if (key.isEmpty()) {
                    throw new UsageException(label + " has an empty PostgreSQL parameter ('&&' or a "
                            + "trailing '&')");
                }
                PgParameter p = PgParameter.of(key);
                if (p == null) {
                    throw new UsageException(label + ": PostgreSQL parameter " + key + " is not allowed "
                            + "(allowed: " + String.join(", ", java.util.Arrays.stream(PgParameter.values())
                            .map(x -> x.key).toList()) + ")");
                }
                if (eq < 0) {
                    throw new UsageException(label + ": PostgreSQL parameter " + key + " has no value");
                }
                String value = decode(label, part.substring(eq + 1), "value of " + key);
                check(label, "PostgreSQL parameter " + key, p.type, p.choices, value);
                if (params.putIfAbsent(p, value) != null) {
                    throw new UsageException(label + ": PostgreSQL parameter " + key + " is given twice");
                }
            }
        }
        return new Postgres(hosts, database, params);
    }

    private static String decode(String label, String s, String what) {
        try {
            String d = URLDecoder.decode(s, StandardCharsets.UTF_8);
            if (d.chars().anyMatch(Character::isISOControl)) {
                throw new UsageException(label + ": " + what + " contains a control character");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new UsageException(label + ": bad %-escape in " + what + ": '" + s + "'");
        }
    }

    private static void check(String label, String what, ValueType type, List<String> choices, String value) {
        boolean ok = choices != null ? choices.contains(value) : type.pattern.matcher(value).matches();
        if (!ok || value.indexOf(';') >= 0) {
            String expected = choices != null ? "one of " + String.join(", ", choices) : type.description;
            // text values may be secrets (a password): never echoed
            throw new UsageException(label + ": " + what + " must be " + expected
                    + (type == ValueType.TEXT ? " without ';'" : ", got '" + value + "'"));
        }
    }
}
