package org.mlgate.train.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.Digest;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.lineage.store.LineageStore;
import org.mlgate.lineage.store.StoreConfig;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.FraudConfig;
import org.mlgate.train.data.FraudGenerator;
import org.mlgate.train.data.SchemaFiles;
import org.mlgate.train.privacy.AccountantKind;
import org.mlgate.train.privacy.Accountant;
import org.mlgate.train.privacy.AccountingQuery;
import org.mlgate.train.robust.EpsilonUnit;
import org.mlgate.train.sandbox.Isolation;
import org.mlgate.train.sandbox.Sandbox;

/**
 * The training service end to end, and what it does with a worker that cannot be trusted: a worker that tries to
 * escape the sandbox, one that forges the card and provenance, one that lies about its steps, returns a link or a
 * NaN. Each run leaves either a complete package or nothing (no staging folder).
 */
class TrainServiceTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path data;
    Path schema;
    LineageStore store;

    @BeforeEach
    void setUp() throws Exception {
        data = tmp.resolve("fraud.csv");
        FraudGenerator.write(new FraudConfig(3000, 11), DataFormat.CSV, data);
        schema = tmp.resolve("fraud-schema.json");
        SchemaFiles.write(FraudGenerator.schema(), schema);
        store = LineageStore.open(StoreConfig.embedded(tmp.resolve("home")));
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
        try (Stream<Path> l = Files.list(tmp)) { // never a staging folder left
            assertThat(l.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".staging-"));
        }
    }

    private static void needBubblewrap() {
        Assumptions.assumeTrue(Sandbox.bubblewrapInstalled(), "/usr/bin/bwrap absent; sandbox test skipped");
    }

    private TrainJob job(boolean dp, Double lr, Path out) {
        return new TrainJob(data.toString(), null, schema.toString(), null, List.of(), null, "lr", List.of(), dp,
                dp ? 3.0 : null, null, null, null, 2, null, lr, null, false, null, dp ? EpsilonUnit.RANGE : null,
                List.of(), List.of(), false, null, out.toString(), Isolation.BUBBLEWRAP.label());
    }

    private TrainService.Outcome train(TrainService service, Path out, boolean dp, Isolation isolation, Path split) {
        return service.train(new TrainRequest(job(dp, null, out), data, out, null, split, null, isolation), store,
                p -> { });
    }

    @Test
    void dpRunInTheSandboxPublishesOnlyTheParentsFiguresAndEpsilonRecomputesFromProvenanceAlone() throws Exception {
        needBubblewrap();
        Path out = tmp.resolve("model");
        Path split = tmp.resolve("split.json");
        TrainService.Outcome o = train(new TrainService(), out, true, Isolation.BUBBLEWRAP, split);
        assertThat(o.card().sandbox()).isEqualTo("bubblewrap");
        try (Stream<Path> l = Files.list(out)) {
            assertThat(l.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model.safetensors",
                    "schema.json", "model-card.json", "provenance.json");
        }
        JsonNode prov = JSON.readTree(out.resolve("provenance.json").toFile());
        JsonNode privacy = prov.at("/predicate/buildDefinition/internalParameters/privacy");
        JsonNode external = prov.at("/predicate/buildDefinition/externalParameters");
        // ε from the provenance alone, with the accountant it names
        double eps = Accountant.of(AccountantKind.valueOf(privacy.get("accountant").asText().toUpperCase()))
                .epsilon(AccountingQuery.builder().samplingRate(privacy.get("sampling_rate").asDouble())
                        .noiseMultiplier(privacy.get("noise_multiplier").asDouble())
                        .steps(privacy.get("steps").asLong()).delta(privacy.get("delta").asDouble()).build()).value();
        assertThat(eps).isCloseTo(privacy.get("epsilon").asDouble(), org.assertj.core.data.Offset.offset(1e-12))
                .isLessThanOrEqualTo(external.get("target_epsilon").asDouble());
        // the card's privacy section is the same object, under the same names
        JsonNode card = JSON.readTree(out.resolve("model-card.json").toFile());
        assertThat(card.get("privacy")).isEqualTo(privacy);
        assertThat(card.at("/training/steps").asLong()).isEqualTo(privacy.get("steps").asLong());
        for (String k : List.of("target_epsilon", "learning_rate", "expected_batch_size", "epochs", "model", "hidden",
                "split_sha256")) {
            assertThat(external.has(k)).as(k).isTrue();
        }
        // card and schema bound by digest
        JsonNode byproducts = prov.at("/predicate/runDetails/byproducts");
        assertThat(byproducts.toString()).contains(Digest.sha256(out.resolve("model-card.json")).hex())
                .contains(Digest.sha256(out.resolve("schema.json")).hex());
        // the split: every data row on exactly one side, units never on both, its digest in the provenance
        JsonNode s = JSON.readTree(split.toFile());
        Set<Integer> train = new HashSet<>();
        s.get("train").forEach(n -> train.add(n.asInt()));
        Set<Integer> validation = new HashSet<>();
        s.get("validation").forEach(n -> validation.add(n.asInt()));
        assertThat(train).hasSize(card.at("/data/train_rows").asInt()).doesNotContainAnyElementsOf(validation);
        Set<Integer> all = new HashSet<>(train);
        all.addAll(validation);
        assertThat(all).isEqualTo(new HashSet<>(IntStream.range(0, 3000).boxed().toList()));
        Set<String> tu = new HashSet<>();
        s.get("train_units").forEach(n -> tu.add(n.asText()));
        s.get("validation_units").forEach(n -> assertThat(tu).doesNotContain(n.asText()));
        assertThat(Digest.sha256(split).hex()).isEqualTo(external.get("split_sha256").asText());
    }

    @Test
    void maliciousCodeInTheRealWorkerReachesNothingInTheSandboxAndEverythingWithout() throws Exception {
        needBubblewrap();
        try (ServerSocket tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = tcp.getLocalPort();
            AtomicInteger connections = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!tcp.isClosed()) {
                    try {
                        tcp.accept().close();
                        connections.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            Path sock = Path.of("/dev/shm/mlgate-attack-" + port + ".sock");
            Path shm = Path.of("/dev/shm/mlgate-escaped-" + port);
            try (ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                unix.bind(UnixDomainSocketAddress.of(sock));
                long pid = ProcessHandle.current().pid();
                Path out = tmp.resolve("m-" + port + "-" + pid);
                TrainService.Outcome o = train(new TrainService(EscapingWorker.class), out, false,
                        Isolation.BUBBLEWRAP, null);
                assertThat(o.card().sandbox()).isEqualTo("bubblewrap");
                assertThat(connections.get()).isZero();
                assertThat(tmp.resolve("escaped.txt")).doesNotExist();
                assertThat(tmp.resolve("escaped-proc.txt")).doesNotExist();
                assertThat(shm).doesNotExist();
                assertThat(JSON.readTree(out.resolve("model-card.json").toFile()).has("forged")).isFalse();

                // the control: without the sandbox the same worker escapes, so the test can fail
                Path control = tmp.resolve("m-" + port + "-" + pid + "x");
                Files.deleteIfExists(control);
                assertThatThrownBy(() -> train(new TrainService(EscapingWorker.class), tmp.resolve("m-" + port + "-"
                        + pid), false, Isolation.NONE, null)).isInstanceOf(UsageException.class); // out exists now
                Path second = tmp.resolve("n").resolve("m-" + port + "-" + pid);
                Files.createDirectories(second.getParent());
                Files.copy(data, second.getParent().resolve("fraud.csv"));
                assertThatThrownBy(() -> train(new TrainService(EscapingWorker.class), second, false, Isolation.NONE,
                        null)).isInstanceOf(IncompleteException.class).hasMessageContaining("exit 42");
                assertThat(second.getParent().resolve("escaped.txt")).exists();
                assertThat(connections.get()).isPositive();
                assertThat(second).doesNotExist();
            } finally {
                Files.deleteIfExists(sock);
                Files.deleteIfExists(shm);
            }
        }
    }

    @Test
    void aWorkerThatForgesTheCardAndProvenanceIsNotBelieved() throws Exception {
        needBubblewrap();
        Path out = tmp.resolve("forged");
        TrainService.Outcome o = train(new TrainService(ForgingWorker.class), out, true, Isolation.BUBBLEWRAP, null);
        JsonNode card = JSON.readTree(out.resolve("model-card.json").toFile());
        assertThat(card.at("/privacy/epsilon").asDouble()).isBetween(2.9, 3.0);
        assertThat(card.at("/training/steps").asLong()).isEqualTo(o.card().privacy().steps()).isNotEqualTo(10);
        JsonNode prov = JSON.readTree(out.resolve("provenance.json").toFile());
        assertThat(prov.toString()).doesNotContain(ForgingWorker.FAKE_DIGEST).contains(Digest.sha256(data).hex());
        assertThat(card.at("/model/sha256").asText()).isEqualTo(Digest.sha256(out.resolve("model.safetensors")).hex());
    }

    @Test
    void aWorkerThatLiesAboutItsStepsReturnsALinkOrANanIsRefusedAndNothingIsWritten() {
        for (String how : List.of("steps", "link", "nan")) {
            Path out = tmp.resolve(how);
            assertThatThrownBy(() -> train(new TrainService(LyingWorker.class), out, true, Isolation.NONE, null))
                    .as(how).isInstanceOf(IncompleteException.class).hasMessageContaining("not");
            assertThat(out).as(how).doesNotExist();
        }
    }

    @Test
    void aDivergedRunExits3AndWritesNothing() {
        Path out = tmp.resolve("diverged");
        TrainRequest r = new TrainRequest(job(false, 1e300, out), data, out, null, tmp.resolve("split.json"), null,
                Isolation.NONE);
        assertThatThrownBy(() -> new TrainService().train(r, store, p -> { }))
                .isInstanceOf(IncompleteException.class);
        assertThat(out).doesNotExist();
        assertThat(tmp.resolve("split.json")).doesNotExist();
    }

    @Test
    void preconditionsAreCheckedBeforeARowIsRead() throws Exception {
        Path broken = tmp.resolve("broken.csv");
        Files.writeString(broken, "a,b\n1\n"); // a ragged row: reading it would fail
        Path out = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(out.resolve("keep.txt"), "x");
        TrainJob j = new TrainJob(broken.toString(), null, schema.toString(), null, List.of(), null, "lr", List.of(),
                false, null, null, null, null, 1, null, null, null, false, null, null, List.of(), List.of(), false,
                null, out.toString(), "none");
        assertThatThrownBy(() -> new TrainService().train(new TrainRequest(j, broken, out, null, null, null,
                Isolation.NONE), store, p -> { })).isInstanceOf(UsageException.class)
                .hasMessageContaining("not an empty folder");
        assertThat(out.resolve("keep.txt")).exists();
        assertThatThrownBy(() -> new TrainService().train(new TrainRequest(j, broken, tmp.resolve("m2"), null,
                tmp, null, Isolation.NONE), store, p -> { })).isInstanceOf(UsageException.class)
                .hasMessageContaining("--save-split");
    }
}
