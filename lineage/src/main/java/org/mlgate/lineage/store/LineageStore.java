package org.mlgate.lineage.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.mlgate.core.IncompleteException;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.Edge;
import org.mlgate.lineage.LineageEntry;
import org.mlgate.lineage.Relation;

/**
 * The lineage store over JDBC (embedded H2 by default, PostgreSQL when configured). Opening runs the Flyway
 * migrations. Every record is written in one transaction — the record, its artifacts (inserted when first seen),
 * their roles and its edges — so a process killed mid-write leaves either all of it or none; the tables are
 * append-only (database triggers refuse UPDATE and DELETE). Concurrent writers that race on a new artifact retry.
 * Connections come from a small pool (HikariCP), which also keeps an embedded H2 database open between calls.
 */
public final class LineageStore implements AutoCloseable {
    /** Retries of a transaction that lost a race (unique violation, serialization failure, deadlock, lock timeout). */
    static final int MAX_ATTEMPTS = 8;
    /** Most nodes a whole-graph listing returns. */
    public static final int MAX_GRAPH_NODES = 200_000;
    /** Most hops {@link #impact} and {@link #graph} follow from the artifact asked about. */
    public static final int MAX_DEPTH = 10_000;
    /** Digests per {@code = ANY(?)} query. */
    private static final int BATCH = 1_000;

    private final StoreConfig config;
    private final Clock clock;
    private final HikariDataSource pool;

    private LineageStore(StoreConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) {
            hc.setUsername(config.user());
            hc.setPassword(config.password());
        }
        if (config.schema() != null) {
            hc.setSchema(config.schema());
        }
        if (config.isH2()) {
            // H2 otherwise writes commits in the background up to half a second later: a killed process would lose
            // records it had reported committed (KilledWriterTest caught this).
            hc.setConnectionInitSql("SET WRITE_DELAY 0");
        }
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(0);
        hc.setPoolName("mlgate-lineage");
        hc.setInitializationFailTimeout(-1); // the migration reports an unreachable database first
        this.pool = new HikariDataSource(hc);
    }

    /** Opens (and migrates) the store. */
    public static LineageStore open(StoreConfig config) throws SQLException {
        return open(config, Clock.systemUTC());
    }

    public static LineageStore open(StoreConfig config, Clock clock) throws SQLException {
        LineageStore store = new LineageStore(config, clock);
        try {
            store.migrate();
        } catch (SQLException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private void migrate() throws SQLException {
        var fw = Flyway.configure(LineageStore.class.getClassLoader())
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration", "classpath:db/specific/" + (config.isH2() ? "h2" : "postgresql"))
                .failOnMissingLocations(true);
        if (config.schema() != null) {
            fw = fw.schemas(config.schema()).defaultSchema(config.schema()).createSchemas(true);
        }
        try {
            fw.load().migrate();
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw new SQLException("cannot migrate the lineage store at " + config.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    Connection connect() throws SQLException {
        return pool.getConnection();
    }

    /** What {@link #record} did. */
    public record Recorded(long id, boolean created) { }

    /** Writes a record (idempotent: the same statement recorded twice is stored once). */
    public Recorded record(LineageEntry e) throws SQLException {
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                try {
                    Recorded r = write(c, e);
                    c.commit();
                    return r;
                } catch (SQLException ex) {
                    c.rollback();
                    if (!retryable(ex)) {
                        throw ex;
                    }
                    last = ex;
                }
            }
            try {
                Thread.sleep(5L * attempt);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", ie);
            }
        }
        throw new SQLException("record " + e.recordDigest() + " lost " + MAX_ATTEMPTS + " races with other writers",
                last);
    }

    private static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return "23505".equals(state) || "40001".equals(state) || "40P01".equals(state) || "HYT00".equals(state);
    }

    private Recorded write(Connection c, LineageEntry e) throws SQLException {
        Optional<Long> existing = recordId(c, e.recordDigest());
        if (existing.isPresent()) {
            return new Recorded(existing.get(), false);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineage_record (record_digest, record_type, "
                + "predicate_type, signer, verified, recorded_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.recordDigest());
            ps.setString(2, e.type().label());
            ps.setString(3, e.predicateType());
            ps.setString(4, e.signer());
            ps.setBoolean(5, e.verified());
            ps.setTimestamp(6, Timestamp.from(clock.instant()));
            ps.setString(7, e.body());
            ps.executeUpdate();
        }
        long id = recordId(c, e.recordDigest()).orElseThrow(() -> new SQLException("inserted record vanished"));
        try (PreparedStatement insertArtifact = c.prepareStatement("INSERT INTO artifact (digest, kind, name, "
                + "first_record) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM artifact WHERE digest = ?)");
             PreparedStatement mention = c.prepareStatement("INSERT INTO artifact_record (artifact_digest, record_id, "
                     + "role, detail) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM artifact_record WHERE "
                     + "artifact_digest = ? AND record_id = ? AND role = ?)")) {
            for (LineageEntry.Mention m : e.mentions()) {
                Artifact a = m.artifact();
                insertArtifact.setString(1, a.digest());
                insertArtifact.setString(2, a.kind().label());
                insertArtifact.setString(3, a.name());
                insertArtifact.setLong(4, id);
                insertArtifact.setString(5, a.digest());
                insertArtifact.executeUpdate();
                mention.setString(1, a.digest());
                mention.setLong(2, id);
                mention.setString(3, m.role());
                mention.setString(4, m.detail());
                mention.setString(5, a.digest());
                mention.setLong(6, id);
                mention.setString(7, m.role());
                mention.executeUpdate();
            }
        }
        try (PreparedStatement edge = c.prepareStatement("INSERT INTO edge (from_digest, to_digest, relation, "
                + "record_id) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM edge WHERE from_digest = ? AND "
                + "to_digest = ? AND relation = ? AND record_id = ?)")) {
            for (Edge d : e.edges()) {
                edge.setString(1, d.from());
                edge.setString(2, d.to());
                edge.setString(3, d.relation().label());
                edge.setLong(4, id);
                edge.setString(5, d.from());
                edge.setString(6, d.to());
                edge.setString(7, d.relation().label());
                edge.setLong(8, id);
                edge.executeUpdate();
            }
        }
        return new Recorded(id, true);
    }

    private static Optional<Long> recordId(Connection c, String digest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM lineage_record WHERE record_digest = ?")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    // ---- queries ----

    /** A record as it names an artifact. */
    public record Mention(String recordDigest, String recordType, String predicateType, String role, String detail,
                          String signer, boolean verified, String recordedAt) { }

    /** Everything known about one artifact. */
    public record ArtifactView(Artifact artifact, List<Mention> records, List<Edge> upstream, List<Edge> downstream) { }

    public Optional<ArtifactView> show(String digest) throws SQLException {
        Artifact.requireDigest(digest);
        try (Connection c = connect()) {
            Optional<Artifact> a = artifact(c, digest);
            if (a.isEmpty()) {
                return Optional.empty();
            }
            List<Mention> mentions = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.record_digest, r.record_type, r.predicate_type, "
                    + "m.role, m.detail, r.signer, r.verified, r.recorded_at FROM artifact_record m JOIN lineage_record r "
                    + "ON r.id = m.record_id WHERE m.artifact_digest = ? ORDER BY r.id, m.role")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        mentions.add(new Mention(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getTimestamp(8).toInstant().toString()));
                    }
                }
            }
            return Optional.of(new ArtifactView(a.get(), mentions, edges(c, "to_digest", digest),
                    edges(c, "from_digest", digest)));
        }
    }

    private static List<Edge> edges(Connection c, String column, String digest) throws SQLException {
        List<Edge> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT from_digest, to_digest, relation FROM edge WHERE "
                + column + " = ? ORDER BY from_digest, to_digest, relation")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Edge(rs.getString(1), rs.getString(2), Relation.fromLabel(rs.getString(3))));
                }
            }
        }
        return out;
    }

    private static Optional<Artifact> artifact(Connection c, String digest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT digest, kind, name FROM artifact WHERE digest = ?")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Artifact row(ResultSet rs) throws SQLException {
        return new Artifact(rs.getString(1), ArtifactKind.fromLabel(rs.getString(2)), rs.getString(3));
    }

    /**
     * Every artifact derived from {@code digest}, transitively (runs, models, scans, deployments): the blast radius
     * of a poisoned dataset or a malicious base model, each artifact once, never {@code digest} itself, ordered by
     * kind and digest. Empty when nothing is derived from it. Follows at most {@link #MAX_DEPTH} hops.
     */
    public List<Artifact> impact(String digest) throws SQLException {
        return impact(digest, MAX_DEPTH);
    }

    /**
     * {@link #impact(String)} following at most {@code maxDepth} edges from {@code digest}; an artifact still
     * reachable beyond that is an {@link IncompleteException} (a partial blast radius must not look like the whole).
     */
    public List<Artifact> impact(String digest, int maxDepth) throws SQLException {
        Artifact.requireDigest(digest);
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
        }
        try (Connection c = connect()) {
            return closure(c, digest, true, maxDepth);
        }
    }

    /**
     * Breadth-first over the edge table, one query per level (batched), with the set of artifacts already reached
     * kept here rather than in a recursive CTE: H2 and PostgreSQL then give the same answer by construction — H2's
     * recursive UNION neither removed duplicates (an edge recorded by two records, say a statement and its signed
     * copy, came back twice) nor stopped on a cycle.
     */
    private static List<Artifact> closure(Connection c, String digest, boolean downstream, int maxDepth)
            throws SQLException {
        String from = downstream ? "from_digest" : "to_digest";
        String to = downstream ? "to_digest" : "from_digest";
        String sql = "SELECT DISTINCT " + to + " FROM edge WHERE " + from + " = ANY(?)";
        Set<String> reached = new LinkedHashSet<>();
        reached.add(digest);
        List<String> frontier = List.of(digest);
        int depth = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            while (!frontier.isEmpty()) {
                List<String> next = new ArrayList<>();
                for (int i = 0; i < frontier.size(); i += BATCH) {
                    List<String> batch = frontier.subList(i, Math.min(frontier.size(), i + BATCH));
                    ps.setArray(1, c.createArrayOf("VARCHAR", batch.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String d = rs.getString(1);
                            if (reached.add(d)) {
                                next.add(d);
                            }
                        }
                    }
                }
                if (next.isEmpty()) {
                    break;
                }
                if (++depth > maxDepth) {
                    throw new IncompleteException("lineage of " + digest + " goes deeper than " + maxDepth
                            + " hops; not listing a partial " + (downstream ? "impact" : "history"));
                }
                if (reached.size() > MAX_GRAPH_NODES) {
                    throw new IncompleteException("lineage of " + digest + " reaches more than " + MAX_GRAPH_NODES
                            + " artifacts; not listing a partial " + (downstream ? "impact" : "history"));
                }
                frontier = next;
            }
        }
        reached.remove(digest);
        return artifacts(c, reached);
    }

    /** The artifacts with these digests, by kind then digest. */
    private static List<Artifact> artifacts(Connection c, Set<String> digests) throws SQLException {
        List<String> all = List.copyOf(digests);
        List<Artifact> out = new ArrayList<>(all.size());
        try (PreparedStatement ps = c.prepareStatement("SELECT digest, kind, name FROM artifact WHERE digest = ANY(?)")) {
            for (int i = 0; i < all.size(); i += BATCH) {
                ps.setArray(1, c.createArrayOf("VARCHAR", all.subList(i, Math.min(all.size(), i + BATCH)).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
            }
        }
        out.sort(Comparator.comparing((Artifact a) -> a.kind().label()).thenComparing(Artifact::digest));
        return out;
    }

    /** Nodes and edges. */
    public record Graph(List<Artifact> nodes, List<Edge> edges) { }

    /**
     * The whole graph, or with {@code digest} the part connected to it: everything it came from and everything
     * derived from it.
     */
    public Graph graph(String digest) throws SQLException {
        try (Connection c = connect()) {
            Map<String, Artifact> nodes = new LinkedHashMap<>();
            if (digest == null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT digest, kind, name FROM artifact ORDER BY kind, "
                        + "digest"); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (nodes.size() >= MAX_GRAPH_NODES) {
                            throw new SQLException("the lineage graph has more than " + MAX_GRAPH_NODES
                                    + " artifacts; ask for the part around one digest");
                        }
                        Artifact a = row(rs);
                        nodes.put(a.digest(), a);
                    }
                }
            } else {
                Artifact root = artifact(c, Artifact.requireDigest(digest)).orElse(null);
                if (root == null) {
                    return new Graph(List.of(), List.of());
                }
                nodes.put(root.digest(), root);
                for (Artifact a : closure(c, digest, false, MAX_DEPTH)) {
                    nodes.put(a.digest(), a);
                }
                for (Artifact a : closure(c, digest, true, MAX_DEPTH)) {
                    nodes.put(a.digest(), a);
                }
            }
            Set<Edge> edges = new LinkedHashSet<>();
            // Around one digest only the edges among its nodes are read (both ends in the set), not the whole table.
            String where = digest == null ? "" : "WHERE from_digest = ANY(?) AND to_digest = ANY(?) ";
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT from_digest, to_digest, relation FROM edge "
                    + where + "ORDER BY from_digest, to_digest, relation")) {
                if (digest != null) {
                    java.sql.Array ids = c.createArrayOf("VARCHAR", nodes.keySet().toArray());
                    ps.setArray(1, ids);
                    ps.setArray(2, ids);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Edge e = new Edge(rs.getString(1), rs.getString(2), Relation.fromLabel(rs.getString(3)));
                        if (nodes.containsKey(e.from()) && nodes.containsKey(e.to())) {
                            edges.add(e);
                        }
                    }
                }
            }
            return new Graph(List.copyOf(nodes.values()), List.copyOf(edges));
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
