package org.mlgate.train.sandbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs inside the sandbox before any data is handed over and tries to escape it the ways a compromised dependency
 * would: a TCP connection to a loopback port the parent listens on, UNIX sockets (the parent's own and the host's,
 * such as PostgreSQL's), reading and writing beside a file outside the writable folder, the same through
 * {@code /proc/<parent pid>/root}, and {@code /dev/shm}. Prints one JSON line: its namespaces, what it reached, and
 * whether the writable folder works. The parent ({@link IsolationProof}) judges it.
 *
 * <p>Arguments: {@code PORT OUTSIDE_FILE HOST_PID SHM_NAME UNIX_SOCKET...}.
 */
public final class SandboxProbe {
    /** Namespaces that must differ from the parent's. */
    static final List<String> NAMESPACES = List.of("user", "pid", "net", "ipc", "uts", "mnt");

    /** The probe's findings. */
    public record Report(@JsonProperty("namespaces") Map<String, String> namespaces,
                         @JsonProperty("reached") List<String> reached,
                         @JsonProperty("writable_ok") boolean writableOk) { }

    private SandboxProbe() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Path outside = Path.of(args[1]);
        String hostPid = args[2];
        String shm = args[3];
        List<String> reached = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            reached.add("loopback TCP port " + port);
        } catch (IOException expected) {
            // unreachable: what the sandbox promises
        }
        for (int i = 4; i < args.length; i++) {
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                c.connect(UnixDomainSocketAddress.of(args[i]));
                reached.add("UNIX socket " + args[i]);
            } catch (IOException | UnsupportedOperationException expected) {
                // unreachable
            }
        }
        attempt(reached, "read " + outside, () -> Files.readAllBytes(outside));
        Path beside = outside.resolveSibling(outside.getFileName() + ".sandbox");
        attempt(reached, "write " + beside, () -> Files.writeString(beside, "written from the sandbox"));
        Path viaProc = Path.of("/proc", hostPid, "root").resolve(outside.toString().substring(1));
        attempt(reached, "read " + viaProc, () -> Files.readAllBytes(viaProc));
        Path viaProcWrite = viaProc.resolveSibling(outside.getFileName() + ".proc");
        attempt(reached, "write " + viaProcWrite, () -> Files.writeString(viaProcWrite, "written from the sandbox"));
        // Writing /dev/shm must land in a private tmpfs: the parent checks that the host's has no such file.
        try {
            Files.writeString(Path.of("/dev/shm", shm), "written from the sandbox");
        } catch (IOException ignored) {
            // not writable at all: also fine
        }
        boolean writable;
        try {
            Path probe = Files.createTempFile(Path.of("").toAbsolutePath(), "probe", ".tmp");
            Files.delete(probe);
            writable = true;
        } catch (IOException e) {
            writable = false;
        }
        Map<String, String> ns = new LinkedHashMap<>();
        for (String n : NAMESPACES) {
            ns.put(n, namespace("self", n));
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println(new ObjectMapper().writeValueAsString(new Report(ns, reached, writable)));
    }

    /** {@code /proc/PID/ns/NAME} as the kernel names it ({@code net:[4026531840]}), or "unreadable". */
    static String namespace(String pid, String name) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", pid, "ns", name)).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "unreadable";
        }
    }

    private interface Attempt {
        void run() throws IOException;
    }

    private static void attempt(List<String> reached, String what, Attempt a) {
        try {
            a.run();
            reached.add(what);
        } catch (IOException | SecurityException expected) {
            // denied: what the sandbox promises
        }
    }
}
