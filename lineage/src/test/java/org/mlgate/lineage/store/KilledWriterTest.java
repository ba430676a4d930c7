package org.mlgate.lineage.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.Fixtures;

/**
 * A writer killed with SIGKILL mid-stream loses nothing it reported committed and leaves no half-written record:
 * every stored run has all three artifacts and both edges.
 */
class KilledWriterTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    @ParameterizedTest
    @MethodSource("org.mlgate.lineage.store.LineageStoreTest#backends")
    void killedWriterLosesNothingCommittedAndLeavesNothingHalfWritten(String backend) throws Exception {
        StoreConfig cfg = LineageStoreTest.config(backend, tmp);
        LineageStore.open(cfg).close(); // migrate first, so the child only writes records
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WriterProcess.class.getName(),
                cfg.jdbcUrl(), nz(cfg.user()), nz(cfg.password()), nz(cfg.schema())).redirectErrorStream(true).start();
        int committed = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    committed = Integer.parseInt(line.substring(10));
                    if (committed >= 40) {
                        break;
                    }
                } else {
                    System.out.println("writer: " + line);
                }
            }
            p.destroyForcibly(); // SIGKILL, while it is writing the next records
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(committed).as("the writer reported commits").isGreaterThanOrEqualTo(40);
        try (LineageStore store = LineageStore.open(cfg)) {
            List<Artifact> impact = store.impact(Fixtures.digest("killed-data"));
            long runs = impact.stream().filter(a -> a.kind() == ArtifactKind.RUN).count();
            long models = impact.stream().filter(a -> a.kind() == ArtifactKind.MODEL).count();
            assertThat(runs).isGreaterThanOrEqualTo(committed + 1).isEqualTo(models);
            for (int i = 0; i <= committed; i++) {
                assertThat(store.show(Fixtures.digest("killed-model-" + i))).as("model %d", i).isPresent();
            }
            try (Connection c = store.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT r.id, (SELECT COUNT(*) FROM artifact_record m WHERE m.record_id = r.id), "
                            + "(SELECT COUNT(*) FROM edge e WHERE e.record_id = r.id) FROM lineage_record r")) {
                int records = 0;
                while (rs.next()) {
                    records++;
                    assertThat(rs.getInt(2)).as("mentions of record %d", rs.getLong(1)).isEqualTo(4);
                    assertThat(rs.getInt(3)).as("edges of record %d", rs.getLong(1)).isEqualTo(3);
                }
                assertThat(records).isEqualTo(runs);
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
