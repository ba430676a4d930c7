package org.mlgate.train.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real training worker with malicious code run first, as a compromised dependency would run it: it tries a
 * loopback TCP port, PostgreSQL's UNIX socket and the test's own, reading the data file and writing beside it
 * (directly and through {@code /proc/<parent pid>/root}), the host's {@code /dev/shm}, and the staged package. The
 * test's port and pid are in the output folder's name ({@code m-PORT-PID}), which the worker sees in its own path.
 * If anything succeeded it exits 42 (listing it on stderr); otherwise it trains as {@link TrainWorker} does.
 */
public final class EscapingWorker {
    private EscapingWorker() {
    }

    interface Attempt {
        void run() throws IOException;
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Path staging = dir.getParent();
        Path folder = staging.getParent();
        Matcher m = Pattern.compile("\\.m-(\\d+)-(\\d+)\\.staging-.*").matcher(staging.getFileName().toString());
        if (!m.matches()) {
            System.err.println("escaping worker: unexpected staging name " + staging);
            System.exit(41);
        }
        int port = Integer.parseInt(m.group(1));
        String pid = m.group(2);
        List<String> reached = new ArrayList<>();
        attempt(reached, "loopback TCP " + port, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
        });
        for (String sock : List.of("/var/run/postgresql/.s.PGSQL.5432", "/dev/shm/mlgate-attack-" + port + ".sock")) {
            attempt(reached, "UNIX socket " + sock, () -> {
                try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    c.connect(UnixDomainSocketAddress.of(sock));
                }
            });
        }
        attempt(reached, "read the data file", () -> Files.readAllBytes(folder.resolve("fraud.csv")));
        // Writes may land in the sandbox's private tmpfs (bubblewrap creates the folders above its binds there): the
        // test judges them by what appears on the host, so they do not count as reached here.
        List<String> writes = new ArrayList<>();
        attempt(writes, "write beside it", () -> Files.writeString(folder.resolve("escaped.txt"), "x"));
        Path viaProc = Path.of("/proc", pid, "root").resolve(folder.toString().substring(1));
        attempt(reached, "read via /proc/" + pid + "/root", () -> Files.readAllBytes(viaProc.resolve("fraud.csv")));
        attempt(writes, "write via /proc/" + pid + "/root", () -> Files.writeString(viaProc.resolve("escaped-proc.txt"),
                "x"));
        // Private /dev/shm: the write may succeed inside; the test checks that the host's has no such file.
        attempt(writes, "/dev/shm", () -> Files.writeString(Path.of("/dev/shm/mlgate-escaped-" + port), "x"));
        attempt(writes, "write the staged package", () -> Files.writeString(staging.resolve("package")
                .resolve("model-card.json"), "{\"forged\":true}"));
        if (!reached.isEmpty()) {
            System.err.println("escaping worker reached: " + reached);
            System.exit(42);
        }
        TrainWorker.main(args);
    }

    private static void attempt(List<String> reached, String what, Attempt a) {
        try {
            a.run();
            reached.add(what);
        } catch (IOException | RuntimeException denied) {
            // the sandbox held
        }
    }
}
