package org.mlgate.train.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Java main class in a child JVM that cannot reach the network and can write only one folder. With
 * {@link Isolation#NETWORK_NAMESPACE} the child starts under {@code unshare --net --mount} (plus
 * {@code --map-root-user} when not root): its network namespace has only a loopback interface that is down, so no
 * connection leaves it — not even to a server on the host's 127.0.0.1; inside its private mount namespace the output
 * folder is bind-mounted onto itself and the root file system remounted read-only, so the dataset and everything
 * else are read-only. A malicious dependency that runs during training has nowhere to send the data and nothing
 * else to change.
 */
public final class Sandbox {
    /** Bind the output folder writable, make / read-only, then become the JVM. */
    private static final String ENTER = "out=\"$1\"; shift; mount --bind \"$out\" \"$out\" "
            + "&& mount -o remount,bind,ro / && exec \"$@\"";

    /**
     * What to run.
     *
     * @param isolation  how to isolate it
     * @param output     the only folder the child may write (must exist)
     * @param mainClass  the child's main class (a class of mlgate, never a name from input)
     * @param args       its arguments
     */
    public record Spec(Isolation isolation, Path output, String mainClass, List<String> args) {
        public Spec {
            Objects.requireNonNull(isolation, "isolation");
            Objects.requireNonNull(mainClass, "mainClass");
            args = List.copyOf(args);
            if (!Files.isDirectory(output)) {
                throw new IllegalArgumentException("sandbox output folder " + output + " does not exist");
            }
            output = output.toAbsolutePath().normalize();
        }
    }

    private Sandbox() {
    }

    /** Whether {@link Isolation#NETWORK_NAMESPACE} works on this machine (util-linux unshare and namespaces). */
    public static boolean namespacesAvailable() {
        try {
            Process p = new ProcessBuilder(prefix(List.of("true"))).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The child's command line. */
    public static List<String> command(Spec spec) {
        List<String> java = new ArrayList<>();
        java.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        java.add("-XX:-UsePerfData"); // no hsperfdata file in the (read-only) temp folder
        java.add("-Djava.io.tmpdir=" + spec.output());
        java.add("-cp");
        java.add(System.getProperty("java.class.path"));
        java.add(spec.mainClass());
        java.addAll(spec.args());
        if (spec.isolation() == Isolation.NONE) {
            return java;
        }
        List<String> inner = new ArrayList<>(List.of("/bin/sh", "-c", ENTER, "sh", spec.output().toString()));
        inner.addAll(java);
        return prefix(inner);
    }

    private static List<String> prefix(List<String> command) {
        List<String> c = new ArrayList<>(List.of("unshare", "--net", "--mount", "--propagation", "private"));
        if (!"root".equals(System.getProperty("user.name"))) {
            c.add(1, "--map-root-user");
        }
        c.add("--");
        c.addAll(command);
        return c;
    }

    /** Starts the child; its standard error is inherited, its standard output is the caller's to read. */
    public static Process start(Spec spec) throws IOException {
        if (spec.isolation() == Isolation.NETWORK_NAMESPACE && !namespacesAvailable()) {
            throw new IOException("cannot isolate the training step: 'unshare --net --mount' is not available here "
                    + "(util-linux, and permission to create namespaces, are needed); use --no-sandbox to train "
                    + "without isolation");
        }
        return new ProcessBuilder(command(spec)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
