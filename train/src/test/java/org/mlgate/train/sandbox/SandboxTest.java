package org.mlgate.train.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code inside the sandbox cannot open a connection — even to a loopback server this test started outside it — and
 * cannot write outside its output folder; the same probes succeed without the sandbox, so the test can fail.
 */
class SandboxTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void namespaces() {
        Assumptions.assumeTrue(Sandbox.namespacesAvailable(),
                "unshare --net --mount is not available on this machine; sandbox tests skipped");
    }

    private static int run(Isolation isolation, Path out, String... args) throws Exception {
        Process p = Sandbox.start(new Sandbox.Spec(isolation, out, Probe.class.getName(), List.of(args)));
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void loopbackServerOutsideIsUnreachableFromInside() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(server.getLocalPort());
            Thread accept = Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        server.accept().close();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            assertThat(run(Isolation.NONE, out, "connect", "127.0.0.1", port)).as("probe works unsandboxed").isZero();
            assertThat(run(Isolation.NETWORK_NAMESPACE, out, "connect", "127.0.0.1", port)).isEqualTo(10);
            server.close();
            accept.join();
        }
    }

    @Test
    void onlyTheOutputFolderIsWritable() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path outside = tmp.resolve("outside.txt");
        assertThat(run(Isolation.NETWORK_NAMESPACE, out, "write", out.resolve("model.bin").toString())).isZero();
        assertThat(out.resolve("model.bin")).exists();
        assertThat(run(Isolation.NETWORK_NAMESPACE, out, "write", outside.toString())).isEqualTo(11);
        assertThat(outside).doesNotExist();
        assertThat(run(Isolation.NONE, out, "write", outside.toString())).as("probe works unsandboxed").isZero();
    }
}
