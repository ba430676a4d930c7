package org.mlgate.train.run;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;

/**
 * The staging folder of one training run, beside {@code --out} (same file system, so the finished package is
 * renamed into place in one step): {@code package/} is what becomes {@code --out}, {@code worker/} the sandbox's
 * only writable folder. A shutdown hook (SIGINT, SIGTERM) stops the worker and removes the whole staging folder,
 * so an interrupted run leaves nothing; {@link #close()} does the same when the run ends either way.
 */
final class Staging implements AutoCloseable {
    private final Path root;
    private final Path target;
    private final AtomicReference<Process> worker = new AtomicReference<>();
    private final Thread hook;
    private boolean committed;

    private Staging(Path root, Path target) {
        this.root = root;
        this.target = target;
        this.hook = new Thread(this::abort, "mlgate-train-staging-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Checks that {@code out} is absent or an empty folder and that its parent is writable, and creates the staging
     * folder there.
     */
    static Staging beside(Path out) {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                && (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || !isEmpty(target))) {
            throw new UsageException(out + " exists and is not an empty folder");
        }
        Path parent = target.getParent();
        try {
            Files.createDirectories(parent);
            Path root = Files.createDirectory(parent.resolve("." + target.getFileName() + ".staging-"
                    + HexFormat.of().toHexDigits(new java.security.SecureRandom().nextInt())));
            Files.createDirectory(root.resolve("package"));
            Files.createDirectory(root.resolve("worker"));
            return new Staging(root, target);
        } catch (IOException e) {
            throw new IncompleteException("cannot write beside " + out + " (the model is staged in its folder): "
                    + org.mlgate.core.IoErrors.reason(e), e);
        }
    }

    Path packageDir() {
        return root.resolve("package");
    }

    Path workerDir() {
        return root.resolve("worker");
    }

    /** Another staged file of the run (a trace, a split file) before it is moved to its destination. */
    Path file(String name) {
        return root.resolve(name);
    }

    /** The running worker, stopped if the process is interrupted. */
    void worker(Process p) {
        worker.set(p);
    }

    /** Moves {@code staged} to {@code destination} (replacing a file there), before the package. */
    static void place(Path staged, Path destination) throws IOException {
        Path d = destination.toAbsolutePath().normalize();
        Files.createDirectories(d.getParent());
        try {
            Files.move(staged, d, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(staged, d, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Renames the finished package into place ({@code --out} must still be absent or an empty folder). */
    void commit() throws IOException {
        try {
            Files.move(packageDir(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (DirectoryNotEmptyException e) {
            throw new UsageException(target + " was filled by someone else during training; the model was not "
                    + "written", e);
        }
        committed = true;
    }

    boolean committed() {
        return committed;
    }

    @Override
    public void close() {
        abort();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it removes the same folder
        }
    }

    private void abort() {
        Process p = worker.get();
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        delete(root);
    }

    static void delete(Path dir) {
        try {
            org.mlgate.core.FileTrees.delete(dir); // a planted link is removed, not its target
        } catch (IOException e) {
            throw new IncompleteException("cannot remove the staging folder " + dir + ": "
                    + org.mlgate.core.IoErrors.reason(e), e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> l = Files.list(dir)) {
            return l.findAny().isEmpty();
        } catch (IOException e) {
            throw new IncompleteException("cannot list " + dir + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
    }
}
