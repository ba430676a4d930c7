package org.mlgate.core;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way mlgate writes a file atomically: the content goes to a new temporary file in the target's directory
 * (created exclusively, default permissions), is forced to disk, and the temporary file is renamed over the target
 * in one step, then the directory is synced. Readers see the old file or the complete new one; after any failure
 * the temporary file is removed and the target is untouched, also when the process is interrupted ({@link Debris}).
 */
public final class AtomicFiles {
    /** Writes the content. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Usage errors knowable before any work (exit 2): the directory is missing, the target is a directory. */
    public static void check(Path target) {
        check(target, target.toString());
    }

    /** As {@link #check(Path)}, naming the target in messages as {@code "cannot write " + subject}. */
    public static void check(Path target, String subject) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) {
            throw new UsageException("cannot write " + subject + ": not a file name");
        }
        if (!Files.isDirectory(dir)) {
            throw new UsageException("cannot write " + subject + ": directory " + dir
                    + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
        if (Files.isDirectory(abs)) {
            throw new UsageException("cannot write " + subject + ": it is a directory");
        }
    }

    /** {@link #check} then {@link #writeChecked}. */
    public static void write(Path target, byte[] data) {
        write(target, out -> out.write(data));
    }

    /** {@link #check} then {@link #writeChecked}. */
    public static void write(Path target, Body body) {
        check(target);
        writeChecked(target, body);
    }

    /** Writes without the usage checks; I/O failures are "could not complete" (exit 3), naming the file. */
    public static void writeChecked(Path target, Body body) {
        try {
            replace(target, body);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IncompleteException("cannot write " + target + ": the file system cannot rename atomically", e);
        } catch (IOException e) {
            throw new IncompleteException("cannot write " + target + ": " + describe(e), e);
        }
    }

    /** The mechanism, for callers that report I/O errors themselves. */
    public static void replace(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path tmp = null;
        Debris.Registration registered = null;
        try {
            tmp = createTemp(abs);
            registered = Debris.register(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            syncDirectory(abs.getParent());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the primary error is already being reported
                }
            }
            if (registered != null) {
                registered.close();
            }
        }
    }

    private static Path createTemp(Path abs) throws IOException {
        Path dir = abs.getParent();
        String base = abs.getFileName().toString();
        if (base.length() > 100) {
            base = base.substring(0, 100);
        }
        for (int attempt = 0; ; attempt++) {
            byte[] random = new byte[6];
            ThreadLocalRandom.current().nextBytes(random);
            Path tmp = dir.resolve("." + base + "." + HexFormat.of().formatHex(random) + ".tmp");
            try {
                // CREATE_NEW: never reuse or follow an existing file; no attributes: the umask decides the mode
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 16) {
                    throw e;
                }
            }
        }
    }

    /** Makes the rename durable where the platform allows opening a directory; harmless where it does not. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not supported on every platform; the data itself was forced before the rename
        }
    }

    /** An I/O error as a user reads it: its cause ({@link IoErrors#reason}) and the file it names. */
    public static String describe(IOException e) {
        String reason = IoErrors.reason(e);
        return e instanceof java.nio.file.FileSystemException f && f.getFile() != null
                ? reason + ": " + f.getFile() : reason;
    }
}
