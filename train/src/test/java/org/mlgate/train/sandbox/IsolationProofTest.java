package org.mlgate.train.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.IncompleteException;

/**
 * The self-test that gates every sandboxed training run: under bubblewrap the probe reaches no loopback port, no
 * UNIX socket (the parent's own, and PostgreSQL's when it runs here), no file outside its folder (directly or
 * through {@code /proc/<parent pid>/root}) and not the host's {@code /dev/shm}, and it runs in other namespaces;
 * the same probe without the sandbox reaches all of them, so the test can fail.
 */
class IsolationProofTest {
    @TempDir
    Path tmp;

    private Sandbox.Spec spec(Isolation isolation) throws Exception {
        return new Sandbox.Spec(isolation, Files.createDirectories(tmp.resolve("worker")), List.of(),
                SandboxProbe.class, List.of());
    }

    @Test
    void bubblewrapIsolatesEverythingTheProbeTries() throws Exception {
        Assumptions.assumeTrue(Sandbox.bubblewrapInstalled(), "/usr/bin/bwrap absent; sandbox test skipped");
        IsolationProof.Verdict v = IsolationProof.probe(spec(Isolation.BUBBLEWRAP));
        assertThat(v.problems()).isEmpty();
        assertThat(v.report().reached()).isEmpty();
        assertThat(v.report().writableOk()).isTrue();
        assertThat(v.report().namespaces()).containsOnlyKeys(SandboxProbe.NAMESPACES);
        IsolationProof.require(spec(Isolation.BUBBLEWRAP)); // does not throw
    }

    @Test
    void withoutTheSandboxTheSameProbeEscapesEverywhere() throws Exception {
        IsolationProof.Verdict v = IsolationProof.probe(spec(Isolation.NONE));
        assertThat(v.isolated()).isFalse();
        List<String> reached = v.report().reached();
        assertThat(reached).anyMatch(r -> r.startsWith("loopback TCP port"));
        assertThat(reached).anyMatch(r -> r.startsWith("UNIX socket") && r.endsWith("parent.sock"));
        assertThat(reached).anyMatch(r -> r.startsWith("read ") && r.endsWith("outside.txt") && !r.contains("/proc/"));
        assertThat(reached).anyMatch(r -> r.startsWith("write ") && r.endsWith("outside.txt.sandbox"));
        assertThat(reached).anyMatch(r -> r.startsWith("read /proc/"));
        assertThat(v.problems()).anyMatch(p -> p.startsWith("wrote the host's /dev/shm/"));
        assertThat(v.problems()).anyMatch(p -> p.startsWith("shares the net namespace"));
        assertThat(v.problems()).anyMatch(p -> p.startsWith("shares the pid namespace"));
        Path pg = Path.of("/var/run/postgresql/.s.PGSQL.5432");
        if (Files.exists(pg)) { // the socket the attack logged in through
            assertThat(reached).contains("UNIX socket " + pg);
        }
        assertThatThrownBy(() -> IsolationProof.require(spec(Isolation.NONE))).isInstanceOf(IncompleteException.class);
    }

    @Test
    void theCommandCallsBubblewrapByAbsolutePathWithEveryIsolationFlag() throws Exception {
        List<String> c = Sandbox.command(spec(Isolation.BUBBLEWRAP));
        assertThat(c.getFirst()).isEqualTo("/usr/bin/bwrap");
        assertThat(c).contains("--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--clearenv", "--new-session", "--die-with-parent", "--cap-drop");
        assertThat(String.join(" ", c)).contains("--proc /proc").contains("--tmpfs /dev/shm").contains("--tmpfs /tmp")
                .doesNotContain(" /run ").doesNotContain(" /var ").doesNotContain(" /etc ").doesNotContain(" /home ");
    }
}
