package org.mlgate.serve.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.mlgate.core.IncompleteException;

/**
 * The server's database: its HMAC secret, stored key ids, revocations and the append-only audit log (from which
 * budgets are counted). Every method is one transaction; SQL failures become {@link IncompleteException}s naming the
 * database (without credentials).
 */
public final class StateStore implements AutoCloseable {
    private final StateDb db;
    private final HikariDataSource pool;

    private StateStore(StateDb db) {
        this.db = db;
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.jdbcUrl());
        if (db.h2()) {
            hc.setUsername("sa");
            hc.setPassword("");
            // commits reach the disk before they are acknowledged (H2 otherwise delays them up to 0.5 s)
            hc.setConnectionInitSql("SET WRITE_DELAY 0");
        }
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(0);
        hc.setPoolName("mlgate-serve-state");
        hc.setInitializationFailTimeout(-1);
        pool = new HikariDataSource(hc);
    }

    public static StateStore open(StateDb db) {
        StateStore s = new StateStore(db);
        try {
            Flyway.configure(StateStore.class.getClassLoader()).dataSource(s.pool)
                    .table("mlgate_serve_schema_history")
                    .locations("classpath:db/serve/common", "classpath:db/serve/" + (db.h2() ? "h2" : "postgresql"))
                    .failOnMissingLocations(true).load().migrate();
        } catch (RuntimeException e) {
            s.close();
            throw new IncompleteException("cannot open the server database " + db.display() + ": " + e.getMessage(), e);
        }
        return s;
    }

    public StateDb db() {
        return db;
    }

    /** The HMAC secret: read, or generated from SecureRandom and stored on first use. */
    public byte[] secret() {
        return tx("read the server secret", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT secret FROM serve_secret WHERE id = 1");
                 ResultSet r = q.executeQuery()) {
                if (r.next()) {
                    return HexFormat.of().parseHex(r.getString(1));
                }
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try (PreparedStatement i = c.prepareStatement("INSERT INTO serve_secret (id, secret) VALUES (1, ?)")) {
                i.setString(1, HexFormat.of().formatHex(fresh));
                i.executeUpdate();
            }
            return fresh;
        });
    }

    public void createKey(KeyRow k) {
        tx("store an API key", c -> {
            try (PreparedStatement i = c.prepareStatement("INSERT INTO api_key (id, created_at, name, policy, budget, "
                    + "daily_budget) VALUES (?, ?, ?, ?, ?, ?)")) {
                i.setString(1, k.id());
                i.setTimestamp(2, Timestamp.from(k.createdAt()));
                i.setString(3, k.name());
                i.setString(4, k.policy());
                setLong(i, 5, k.budget());
                setLong(i, 6, k.dailyBudget());
                i.executeUpdate();
            }
            return null;
        });
    }

    /** Revokes a key; false when no such key exists (already revoked counts as done). */
    public boolean revoke(String id, Instant at) {
        return tx("revoke an API key", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT (SELECT COUNT(*) FROM api_key WHERE id = ?), "
                    + "(SELECT COUNT(*) FROM api_key_revocation WHERE id = ?)")) {
                q.setString(1, id);
                q.setString(2, id);
                try (ResultSet r = q.executeQuery()) {
                    r.next();
                    if (r.getInt(1) == 0) {
                        return false;
                    }
                    if (r.getInt(2) > 0) {
                        return true;
                    }
                }
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO api_key_revocation (id, revoked_at) VALUES (?, ?)")) {
                i.setString(1, id);
                i.setTimestamp(2, Timestamp.from(at));
                i.executeUpdate();
            }
            return true;
        });
    }

    public List<KeyRow> keys() {
        return tx("list API keys", c -> {
            List<KeyRow> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT k.id, k.created_at, k.name, k.policy, k.budget, "
                    + "k.daily_budget, r.revoked_at FROM api_key k LEFT JOIN api_key_revocation r ON r.id = k.id "
                    + "ORDER BY k.created_at, k.id");
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new KeyRow(r.getString(1), r.getTimestamp(2).toInstant(), r.getString(3), r.getString(4),
                            getLong(r, 5), getLong(r, 6), r.getTimestamp(7) == null ? null : r.getTimestamp(7).toInstant()));
                }
            }
            return out;
        });
    }

    /** Predictions served to {@code keyId} (successful requests) since {@code since}, or ever when null. */
    public long predictionsServed(String keyId, Instant since) {
        return tx("count a key's predictions", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT COALESCE(SUM(predictions), 0) FROM audit WHERE key_id = ? "
                    + "AND status = 200" + (since == null ? "" : " AND at >= ?"))) {
                q.setString(1, keyId);
                if (since != null) {
                    q.setTimestamp(2, Timestamp.from(since));
                }
                try (ResultSet r = q.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    /** Appends entries in one transaction (the audit log's group commit). */
    public void append(List<AuditEntry> entries) {
        tx("write the audit log", c -> {
            try (PreparedStatement i = c.prepareStatement("INSERT INTO audit (request_id, key_id, at, model, "
                    + "model_sha256, input_sha256, predictions, policy, status, reason, output) VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditEntry e : entries) {
                    i.setString(1, e.requestId());
                    i.setString(2, e.keyId());
                    i.setTimestamp(3, Timestamp.from(e.at()));
                    i.setString(4, e.model());
                    i.setString(5, e.modelSha256());
                    i.setString(6, e.inputSha256());
                    i.setInt(7, e.predictions());
                    i.setString(8, e.policy());
                    i.setInt(9, e.status());
                    i.setString(10, e.reason());
                    i.setString(11, e.output());
                    i.addBatch();
                }
                i.executeBatch();
            }
            return null;
        });
    }

    /** Audit rows with {@code seq > after}, oldest first, at most {@code limit}. */
    public List<AuditEntry> audit(long after, int limit) {
        return tx("read the audit log", c -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT seq, request_id, key_id, at, model, model_sha256, "
                    + "input_sha256, predictions, policy, status, reason, output FROM audit WHERE seq > ? ORDER BY seq "
                    + "FETCH FIRST ? ROWS ONLY")) {
                q.setLong(1, after);
                q.setInt(2, limit);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.add(new AuditEntry(r.getLong(1), r.getString(2), r.getString(3), r.getTimestamp(4).toInstant(),
                                r.getString(5), r.getString(6), r.getString(7), r.getInt(8), r.getString(9),
                                r.getInt(10), r.getString(11), r.getString(12)));
                    }
                }
            }
            return out;
        });
    }

    public long auditCount() {
        return tx("count the audit log", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM audit"); ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T tx(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T t = work.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IncompleteException("cannot " + what + " in " + db.display() + ": " + e.getMessage(), e);
        }
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    private static Long getLong(ResultSet r, int i) throws SQLException {
        long v = r.getLong(i);
        return r.wasNull() ? null : v;
    }

    @Override
    public void close() {
        pool.close();
    }
}
