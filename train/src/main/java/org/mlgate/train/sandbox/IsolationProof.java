package org.mlgate.train.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mlgate.core.IncompleteException;

/**
 * Proves, before any row is read, that a sandbox really isolates: it starts {@link SandboxProbe} in exactly the
 * sandbox the training step will get, with a loopback TCP server, a UNIX socket and a marker file set up outside
 * it (plus the host's well-known sockets, such as PostgreSQL's), and accepts only if the probe reached none of
 * them, its {@code /dev/shm} file did not appear on the host, the writable folder works and its user, PID,
 * network, IPC, UTS and mount namespaces all differ from this process's. Anything else is a refusal (exit 3)
 * with one line saying how to fix it.
 */
public final class IsolationProof {
    /** The fix offered when bubblewrap is missing or does not isolate. */
    public static final String HOW_TO_FIX = "cannot isolate the training step: install bubblewrap "
            + "(apt-get install bubblewrap; mlgate runs /usr/bin/bwrap) and allow user namespaces "
            + "(sysctl kernel.unprivileged_userns_clone=1 or user.max_user_namespaces > 0), or pass --no-sandbox to "
            + "train without isolation (recorded in the model card and provenance)";
    /** Host sockets a compromised worker would try first. */
    static final List<Path> HOST_SOCKETS = List.of(Path.of("/var/run/postgresql/.s.PGSQL.5432"),
            Path.of("/run/postgresql/.s.PGSQL.5432"), Path.of("/var/run/docker.sock"), Path.of("/run/dbus/system_bus_socket"),
            Path.of("/var/run/mysqld/mysqld.sock"));
    private static final long TIMEOUT_SECONDS = 60;

    private IsolationProof() {
    }

    /** What the probe found and whether it proves isolation ({@code problems} empty). */
    public record Verdict(SandboxProbe.Report report, List<String> problems) {
        public boolean isolated() {
            return problems.isEmpty();
        }
    }

    /** Proves {@code spec}'s sandbox or throws {@link IncompleteException} naming what failed and the fix. */
    public static void require(Sandbox.Spec spec) {
        if (!Sandbox.bubblewrapInstalled()) {
            throw new IncompleteException(HOW_TO_FIX);
        }
        Verdict v = probe(spec);
        if (!v.isolated()) {
            throw new IncompleteException("the sandbox did not isolate (" + String.join("; ", v.problems()) + "): "
                    + HOW_TO_FIX);
        }
    }

    /** Runs the probe in {@code spec}'s sandbox (tests also run it with {@link Isolation#NONE}, where it must fail). */
    public static Verdict probe(Sandbox.Spec spec) {
        Path outsideDir = null;
        try {
            outsideDir = Files.createTempDirectory("mlgate-isolation-");
            Path marker = Files.writeString(outsideDir.resolve("outside.txt"), "outside the sandbox");
            Path unix = outsideDir.resolve("parent.sock");
            String shm = "mlgate-probe-" + HexFormat.of().toHexDigits(new java.security.SecureRandom().nextLong());
            try (ServerSocket tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                 ServerSocketChannel unixServer = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                unixServer.bind(UnixDomainSocketAddress.of(unix));
                List<String> args = new ArrayList<>(List.of(Integer.toString(tcp.getLocalPort()), marker.toString(),
                        Long.toString(ProcessHandle.current().pid()), shm, unix.toString()));
                HOST_SOCKETS.stream().filter(Files::exists).forEach(p -> args.add(p.toString()));
                SandboxProbe.Report report = run(spec.running(SandboxProbe.class, args));
                return new Verdict(report, judge(report, outsideDir, Path.of("/dev/shm", shm)));
            }
        } catch (IOException e) {
            throw new IncompleteException("cannot set up the sandbox self-test: " + e.getMessage(), e);
        } finally {
            delete(outsideDir);
        }
    }

    private static SandboxProbe.Report run(Sandbox.Spec spec) throws IOException {
        Process p = Sandbox.start(spec);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readNBytes(64 * 1024);
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IncompleteException("the sandbox self-test did not finish in " + TIMEOUT_SECONDS + " s: "
                        + HOW_TO_FIX);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IncompleteException("interrupted during the sandbox self-test", e);
        }
        String text = new String(out, StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0 || text.isEmpty()) {
            throw new IncompleteException("the sandbox self-test could not run (exit " + p.exitValue() + "): "
                    + HOW_TO_FIX);
        }
        return new ObjectMapper().readValue(text.lines().reduce((a, b) -> b).orElseThrow(), SandboxProbe.Report.class);
    }

    private static List<String> judge(SandboxProbe.Report r, Path outsideDir, Path hostShm) throws IOException {
        List<String> problems = new ArrayList<>();
        r.reached().forEach(what -> problems.add("reached: " + what));
        try (Stream<Path> l = Files.list(outsideDir)) {
            l.filter(p -> !p.getFileName().toString().equals("outside.txt")
                            && !p.getFileName().toString().equals("parent.sock"))
                    .forEach(p -> problems.add("wrote " + p));
        }
        if (Files.exists(hostShm)) {
            problems.add("wrote the host's " + hostShm);
            Files.deleteIfExists(hostShm);
        }
        if (!r.writableOk()) {
            problems.add("cannot write its own folder");
        }
        for (String n : SandboxProbe.NAMESPACES) {
            String inside = r.namespaces().get(n);
            String here = SandboxProbe.namespace("self", n);
            if (inside == null || inside.equals("unreadable") || inside.equals(here)) {
                problems.add("shares the " + n + " namespace (" + inside + ")");
            }
        }
        return problems;
    }

    private static void delete(Path dir) {
        try {
            org.mlgate.core.FileTrees.delete(dir);
        } catch (IOException e) {
            // a temporary folder of the self-test: left for the OS to clean, never masks the verdict
            System.err.println("mlgate: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
