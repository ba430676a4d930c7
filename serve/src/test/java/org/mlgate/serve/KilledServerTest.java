package org.mlgate.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.serve.state.AuditEntry;
import org.mlgate.serve.state.StateDb;
import org.mlgate.serve.state.StateStore;
import org.mlgate.train.pkg.Packages;

/**
 * Nothing acknowledged is lost: a server in its own process answers requests from 8 threads and is killed with
 * SIGKILL mid-load; every 200 a client received has its audit row (with the same request id).
 */
class KilledServerTest {
    static final String KEY = "kill-test-key-0123456789";

    @TempDir
    Path tmp;

    @Test
    void everyAnsweredRequestHasItsAuditRowAfterKill9() throws Exception {
        Path model = Packages.write(tmp.resolve("fraud"), PredictionServerTest.schema(), List.of(), 3);
        Path state = tmp.resolve("state");
        Path portFile = tmp.resolve("port");
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), ServeMain.class.getName(),
                model.toString(), state.toString(), KEY, portFile.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("server.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(portFile)) {
                assertThat(p.isAlive()).as(Files.exists(tmp.resolve("server.log"))
                        ? Files.readString(tmp.resolve("server.log")) : "no log").isTrue();
                assertThat(System.nanoTime()).as("server start").isLessThan(deadline);
                Thread.sleep(50);
            }
            URI uri = URI.create("http://127.0.0.1:" + Files.readString(portFile).strip() + "/v1/models/fraud:predict");
            HttpClient http = HttpClient.newHttpClient();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sequence = new AtomicLong();
            List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                clients.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        String id = "req-" + sequence.incrementAndGet();
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                                    .header("X-Request-Id", id).POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"instances\": [" + PredictionServerTest.VALID + "]}")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                acknowledged.add(id);
                            }
                        } catch (Exception e) {
                            return; // the server died under us
                        }
                    }
                }));
            }
            Thread.sleep(2000);
            p.destroyForcibly(); // SIGKILL, while requests are in flight
            p.waitFor();
            stop.set(true);
            for (Thread c : clients) {
                c.join();
            }
            assertThat(acknowledged).isNotEmpty();
            try (StateStore s = StateStore.open(StateDb.file(state))) {
                List<String> audited = s.audit(0, 1_000_000).stream().filter(e -> e.status() == 200)
                        .map(AuditEntry::requestId).toList();
                assertThat(audited).containsAll(acknowledged);
                System.out.printf("kill -9: %d responses acknowledged, %d audited%n", acknowledged.size(),
                        audited.size());
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
