package org.mlgate.train.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child for {@link SandboxTest}: {@code connect HOST PORT} exits 0 when a TCP connection succeeds, 10 when it
 * fails; {@code write FILE} exits 0 when the file can be written, 11 when it cannot.
 */
public final class Probe {
    private Probe() {
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "connect" -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(args[1], Integer.parseInt(args[2])), 3000);
                    System.exit(0);
                } catch (IOException e) {
                    System.err.println("probe: connect failed: " + e);
                    System.exit(10);
                }
            }
            case "write" -> {
                try {
                    Files.writeString(Path.of(args[1]), "written from the sandbox");
                    System.exit(0);
                } catch (IOException e) {
                    System.err.println("probe: write failed: " + e);
                    System.exit(11);
                }
            }
            default -> System.exit(2);
        }
    }
}
