package org.mlgate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the shell blocks of one README in order, as a reader following it would, in a fresh folder: {@code work/}
 * holds {@code ./mlgate} (this build's CLI on this JVM's class path, also first on {@code PATH}) and a copy of the
 * repository's {@code samples/}; {@code ../shared} is the workplace's shared data when it exists (as beside a
 * checkout); {@code MLGATE_HOME} is a fresh folder, so no store or key outside is touched. Each block is a
 * {@code bash} script with {@code set -eo pipefail}, standard input empty; files carry over from block to block,
 * shell variables do not. Every process a block leaves behind (a server started with {@code &}) is killed after it.
 */
final class ReadmeRunner {
    /** What happened to one block. */
    record Outcome(ReadmeBlocks.Block block, String status, int exit, double seconds, String log) {
        boolean failed() {
            return status.equals("FAILED");
        }

        String line() {
            return String.format(java.util.Locale.ROOT, "%-8s %s%s", status, block.where(),
                    switch (status) {
                        case "SKIPPED" -> block.skipReason() != null ? " (skip: " + block.skipReason() + ")"
                                : " (slow; run with -Dmlgate.readme.slow=true)";
                        case "NOT RUN" -> " (an earlier block failed)";
                        default -> String.format(java.util.Locale.ROOT, " exit %d in %.1f s", exit, seconds);
                    });
        }
    }

    private final Path repo;
    private final Path folder;
    private final boolean slow;
    private final long timeoutSeconds;

    ReadmeRunner(Path repo, Path folder, boolean slow, long timeoutSeconds) {
        this.repo = repo;
        this.folder = folder;
        this.slow = slow;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Runs the blocks until the first failure; later blocks are reported as not run. */
    List<Outcome> run(ReadmeBlocks readme) throws IOException, InterruptedException {
        Path work = Files.createDirectories(folder.resolve("work"));
        Path home = Files.createDirectories(folder.resolve("home"));
        launcher(work.resolve("mlgate"));
        copy(repo.resolve("samples"), work.resolve("samples"));
        Path shared = repo.resolve("../shared").normalize();
        if (Files.isDirectory(shared)) {
            Files.createSymbolicLink(folder.resolve("shared"), shared);
        }
        List<Outcome> out = new ArrayList<>();
        boolean failed = false;
        int n = 0;
        for (ReadmeBlocks.Block b : readme.blocks()) {
            n++;
            if (failed) {
                out.add(new Outcome(b, "NOT RUN", -1, 0, ""));
            } else if (b.skipReason() != null || (b.slow() && !slow)) {
                out.add(new Outcome(b, "SKIPPED", -1, 0, ""));
            } else {
                Outcome o = runBlock(b, n, work, home);
                failed = o.failed();
                out.add(o);
            }
        }
        Files.deleteIfExists(folder.resolve("shared")); // the link, never what it points to
        return out;
    }

    private Outcome runBlock(ReadmeBlocks.Block b, int n, Path work, Path home)
            throws IOException, InterruptedException {
        Path script = Files.writeString(folder.resolve("block-" + n + ".sh"), "set -eo pipefail\n" + b.script());
        Path log = folder.resolve("block-" + n + ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("MLGATE_HOME", home.toString());
        env.remove(org.mlgate.lineage.store.StoreConfig.DB_ENV);
        env.put("PATH", work + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        long start = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        // a server the block started in the background, or the block itself after a time-out
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        if (!done) {
            p.destroyForcibly();
            p.waitFor();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        int exit = done ? p.exitValue() : -1;
        boolean ok = done && exit == b.expectedExit();
        String tail = String.join("\n", text.lines().skip(Math.max(0, text.lines().count() - 60)).toList());
        return new Outcome(b, ok ? "OK" : "FAILED", exit, seconds, done ? tail : tail + "\n(timed out after "
                + timeoutSeconds + " s)");
    }

    /** {@code ./mlgate}: this build's classes on this JVM, exactly what the launcher would run. */
    private static void launcher(Path file) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "#!/bin/sh\nexec '" + java + "' -cp '"
                + System.getProperty("java.class.path") + "' org.mlgate.cli.Main \"$@\"\n";
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
