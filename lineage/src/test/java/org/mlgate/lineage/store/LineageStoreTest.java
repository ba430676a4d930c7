package org.mlgate.lineage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.Fixtures;
import org.mlgate.lineage.LineageEntry;

/** The same tests against embedded H2 and the machine's PostgreSQL (skipped, visibly, when it is not running). */
class LineageStoreTest {
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @TempDir
    static Path tmp;

    static Stream<String> backends() {
        return Stream.of("h2", "postgresql");
    }

    static StoreConfig config(String backend) {
        return config(backend, tmp);
    }

    static StoreConfig config(String backend, Path tmp) {
        String schema = "lineage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (backend.equals("h2")) {
            return new StoreConfig("jdbc:h2:file:" + tmp.resolve(schema).resolve("lineage"), "sa", "", null);
        }
        try (Connection c = DriverManager.getConnection(PG_URL)) {
            c.isValid(2);
        } catch (SQLException e) {
            org.junit.jupiter.api.Assumptions.abort("PostgreSQL at " + PG_URL + " is not reachable (" + e.getMessage()
                    + "); PostgreSQL store tests skipped");
        }
        return new StoreConfig(PG_URL, null, null, schema);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void impactFollowsDatasetToRunToModelToScanAndDeployment(String backend) throws Exception {
        try (LineageStore store = LineageStore.open(config(backend), Fixtures.clock())) {
            Artifact data = Fixtures.dataset("transactions.csv");
            Artifact clean = Fixtures.dataset("clean.csv");
            Artifact model = Fixtures.model("fraud.safetensors");
            Artifact tuned = Fixtures.model("fraud-tuned.safetensors");
            Artifact other = Fixtures.model("other.safetensors");
            store.record(Fixtures.entry(Fixtures.run("run-1", List.of(data), List.of(model))));
            store.record(Fixtures.entry(Fixtures.run("run-2", List.of(model, clean), List.of(tuned))));
            store.record(Fixtures.entry(Fixtures.run("run-3", List.of(clean), List.of(other))));
            store.record(Fixtures.entry(Fixtures.scan(tuned, "SAFE")));
            store.record(Fixtures.entry(Fixtures.deployment("fraud-api", tuned)));

            List<Artifact> impact = store.impact(data.digest());
            assertThat(impact).extracting(Artifact::kind).containsExactlyInAnyOrder(ArtifactKind.MODEL,
                    ArtifactKind.MODEL, ArtifactKind.RUN, ArtifactKind.RUN, ArtifactKind.SCAN, ArtifactKind.DEPLOYMENT);
            assertThat(impact).contains(model, tuned).doesNotContain(other, data, clean);
            assertThat(store.impact(other.digest())).isEmpty();

            LineageStore.ArtifactView view = store.show(tuned.digest()).orElseThrow();
            assertThat(view.artifact()).isEqualTo(tuned);
            assertThat(view.records()).extracting(LineageStore.Mention::role)
                    .containsExactlyInAnyOrder("output", "scanned", "deployed");
            assertThat(view.records()).filteredOn(m -> m.role().equals("scanned"))
                    .extracting(LineageStore.Mention::detail).containsExactly("SAFE");
            assertThat(view.upstream()).hasSize(1);
            assertThat(view.downstream()).hasSize(2);
            assertThat(store.show(Fixtures.digest("never recorded"))).isEmpty();

            LineageStore.Graph g = store.graph(tuned.digest());
            assertThat(g.nodes()).contains(data, clean, model, tuned).doesNotContain(other);
            LineageStore.Graph all = store.graph(null);
            assertThat(all.nodes()).contains(other);
            // the part around a digest has exactly the whole graph's edges among its nodes
            java.util.Set<String> ids = new java.util.HashSet<>();
            g.nodes().forEach(a -> ids.add(a.digest()));
            assertThat(g.edges()).isNotEmpty().containsExactlyInAnyOrderElementsOf(all.edges().stream()
                    .filter(e -> ids.contains(e.from()) && ids.contains(e.to())).toList());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void recordingTwiceStoresOnce(String backend) throws Exception {
        try (LineageStore store = LineageStore.open(config(backend))) {
            LineageEntry e = Fixtures.entry(Fixtures.scan(Fixtures.model("m"), "SAFE"));
            LineageStore.Recorded first = store.record(e);
            LineageStore.Recorded again = store.record(e);
            assertThat(first.created()).isTrue();
            assertThat(again.created()).isFalse();
            assertThat(again.id()).isEqualTo(first.id());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void tablesRefuseUpdateAndDelete(String backend) throws Exception {
        StoreConfig cfg = config(backend);
        try (LineageStore store = LineageStore.open(cfg)) {
            store.record(Fixtures.entry(Fixtures.scan(Fixtures.model("m"), "SAFE")));
            try (Connection c = store.connect()) {
                for (String sql : List.of("UPDATE artifact SET name = 'x'", "DELETE FROM edge",
                        "UPDATE lineage_record SET verified = TRUE", "DELETE FROM artifact_record")) {
                    assertThatThrownBy(() -> c.createStatement().executeUpdate(sql)).as(sql)
                            .isInstanceOf(SQLException.class)
                            .satisfies(ex -> assertThat(ex.getMessage().toLowerCase(Locale.ROOT))
                                    .contains("append-only"));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void concurrentWritersSharingArtifactsLoseNothing(String backend) throws Exception {
        StoreConfig cfg = config(backend);
        try (LineageStore store = LineageStore.open(cfg)) {
            Artifact shared = Fixtures.dataset("shared.csv");
            int threads = 4;
            int perThread = 25;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Artifact model = Fixtures.model("model-" + id + "-" + i);
                        // every writer also adds the same shared artifact and a per-pair shared model
                        store.record(Fixtures.entry(Fixtures.run("run-" + id + "-" + i, List.of(shared,
                                Fixtures.dataset("pair-" + (i % 5))), List.of(model))));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            List<Artifact> impact = store.impact(shared.digest());
            assertThat(impact).filteredOn(a -> a.kind() == ArtifactKind.RUN).hasSize(threads * perThread);
            assertThat(impact).filteredOn(a -> a.kind() == ArtifactKind.MODEL).hasSize(threads * perThread);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void impactOverThousandsOfNodes(String backend) throws Exception {
        try (LineageStore store = LineageStore.open(config(backend))) {
            Artifact root = Fixtures.dataset("root.csv");
            int runs = 1000;
            Artifact previous = root;
            for (int i = 0; i < runs; i++) {
                Artifact out = Fixtures.model("m" + i);
                // a chain (each model fine-tuned from the one before) plus a side input per run
                store.record(Fixtures.entry(Fixtures.run("r" + i, List.of(previous, Fixtures.dataset("side" + i)),
                        List.of(out))));
                previous = i % 2 == 0 ? out : root;
            }
            long t = System.nanoTime();
            List<Artifact> impact = store.impact(root.digest());
            long ms = (System.nanoTime() - t) / 1_000_000;
            System.out.printf("%s: impact over %d runs / %d models answered in %d ms%n", backend, runs, runs, ms);
            assertThat(impact).hasSize(2 * runs);
        }
    }

    /** A statement and its signed copy are two records with the same edges (different record digests). */
    private static LineageEntry signedCopy(LineageEntry e) {
        return new LineageEntry(Fixtures.digest("signed " + e.recordDigest()), e.type(), e.predicateType(), "ci-key",
                e.mentions(), e.edges(), "{\"signed\": true}");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void impactListsEachDerivedArtifactOnceAfterASignedReRecord(String backend) throws Exception {
        try (LineageStore store = LineageStore.open(config(backend))) {
            Artifact data = Fixtures.dataset("data.csv");
            Artifact model = Fixtures.model("model.safetensors");
            LineageEntry run = Fixtures.entry(Fixtures.run("run-1", List.of(data), List.of(model)));
            LineageEntry scan = Fixtures.entry(Fixtures.scan(model, "SAFE"));
            for (LineageEntry e : List.of(run, scan, signedCopy(run), signedCopy(scan))) {
                assertThat(store.record(e).created()).isTrue();
            }
            List<Artifact> impact = store.impact(data.digest());
            assertThat(impact).doesNotHaveDuplicates().hasSize(3).doesNotContain(data);
            assertThat(impact).extracting(Artifact::kind).containsExactly(ArtifactKind.MODEL, ArtifactKind.RUN,
                    ArtifactKind.SCAN);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void recordsFormingACycleAreAcceptedAndImpactTerminates(String backend) throws Exception {
        try (LineageStore store = LineageStore.open(config(backend))) {
            Artifact a = Fixtures.dataset("a");
            Artifact b = Fixtures.model("b");
            LineageEntry ab = Fixtures.entry(Fixtures.run("a-to-b", List.of(a), List.of(b)));
            LineageEntry ba = Fixtures.entry(Fixtures.run("b-to-a", List.of(b), List.of(a)));
            assertThat(store.record(ab).created()).isTrue();
            assertThat(store.record(ba).created()).isTrue();
            store.record(signedCopy(ba));
            List<Artifact> fromA = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(30), () -> store.impact(a.digest()));
            String runAb = ab.mentions().stream().filter(m -> m.artifact().kind() == ArtifactKind.RUN).findFirst()
                    .orElseThrow().artifact().digest();
            String runBa = ba.mentions().stream().filter(m -> m.artifact().kind() == ArtifactKind.RUN).findFirst()
                    .orElseThrow().artifact().digest();
            assertThat(fromA).extracting(Artifact::digest).containsExactlyInAnyOrder(b.digest(), runAb, runBa);
            assertThat(store.impact(b.digest())).extracting(Artifact::digest)
                    .containsExactlyInAnyOrder(a.digest(), runAb, runBa);
            assertThat(store.graph(a.digest()).nodes()).hasSize(4);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void impactDepthIsBoundedAndNeverCutSilently(String backend) throws Exception {
        try (LineageStore store = LineageStore.open(config(backend))) {
            Artifact root = Fixtures.dataset("root");
            Artifact previous = root;
            for (int i = 0; i < 5; i++) { // root -> run -> model -> run -> model ...: 10 hops
                Artifact out = Fixtures.model("chain-" + i);
                store.record(Fixtures.entry(Fixtures.run("chain-run-" + i, List.of(previous), List.of(out))));
                previous = out;
            }
            assertThat(store.impact(root.digest(), 10)).hasSize(10);
            assertThatThrownBy(() -> store.impact(root.digest(), 9))
                    .isInstanceOf(org.mlgate.core.IncompleteException.class)
                    .hasMessageContaining("deeper than 9 hops");
            assertThat(store.impact(previous.digest())).isEmpty();
        }
    }

    /**
     * The same records on both databases give the same impact for every artifact: a random graph (fixed seed) with
     * shared inputs, cycles and signed re-records.
     */
    @org.junit.jupiter.api.Test
    void impactIsIdenticalOnH2AndPostgresql() throws Exception {
        java.util.Random random = new java.util.Random(19);
        List<Artifact> nodes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            nodes.add(i % 3 == 0 ? Fixtures.dataset("d" + i) : Fixtures.model("m" + i));
        }
        List<LineageEntry> entries = new ArrayList<>();
        for (int r = 0; r < 60; r++) {
            List<Artifact> in = List.of(nodes.get(random.nextInt(nodes.size())), nodes.get(random.nextInt(nodes.size())));
            List<Artifact> out = List.of(nodes.get(random.nextInt(nodes.size())));
            LineageEntry e = Fixtures.entry(Fixtures.run("random-" + r, in.stream().distinct().toList(), out));
            entries.add(e);
            if (random.nextInt(4) == 0) {
                entries.add(signedCopy(e));
            }
        }
        java.util.Map<String, List<List<Artifact>>> answers = new java.util.LinkedHashMap<>();
        for (String backend : List.of("h2", "postgresql")) {
            try (LineageStore store = LineageStore.open(config(backend))) {
                for (LineageEntry e : entries) {
                    store.record(e);
                }
                List<List<Artifact>> all = new ArrayList<>();
                for (Artifact a : nodes) {
                    List<Artifact> impact = store.impact(a.digest());
                    assertThat(impact).as(backend).doesNotHaveDuplicates().doesNotContain(a);
                    all.add(impact);
                }
                answers.put(backend, all);
            }
        }
        assertThat(answers.get("postgresql")).isEqualTo(answers.get("h2"));
        assertThat(answers.get("h2").stream().mapToInt(List::size).sum()).isGreaterThan(100);
    }
}
