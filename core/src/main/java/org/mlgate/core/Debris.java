package org.mlgate.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary and staging files a command has in flight, removed by one shutdown hook if the process is
 * interrupted (SIGINT, SIGTERM, {@code System.exit}) before they were renamed into place or deleted: an interrupted
 * command leaves nothing behind. Writers register a path when they create it and {@linkplain Registration#close()
 * close} the registration once it has been renamed or removed.
 */
public final class Debris {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Debris::removeAll, "mlgate-debris-cleanup"));
    }

    /** One registered path; closing it forgets the path (it was renamed into place or already removed). */
    public static final class Registration implements AutoCloseable {
        private final Path path;

        private Registration(Path path) {
            this.path = path;
        }

        @Override
        public void close() {
            PENDING.remove(path);
        }
    }

    private Debris() {
    }

    /** Registers a temporary file, or a staging directory removed with its whole content. */
    public static Registration register(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        PENDING.add(abs);
        return new Registration(abs);
    }

    /** What an interrupt would remove now (for tests and diagnostics). */
    public static Set<Path> pending() {
        return Set.copyOf(PENDING);
    }

    private static void removeAll() {
        for (Path p : List.copyOf(PENDING)) {
            remove(p);
        }
    }

    /** Deletes a file or a directory tree without following links; best effort (the process is going away). */
    static void remove(Path p) {
        try {
            FileTrees.delete(p);
        } catch (IOException | RuntimeException e) {
            System.err.println("mlgate: could not remove " + p + " on exit: " + e.getMessage());
        }
    }
}
