package org.mlgate.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;

/**
 * Writes a file atomically: the bytes go to a new temporary file in the target's directory (created
 * exclusively, with the default permissions), are forced to disk, and the temporary file is renamed over
 * the target in one step. Readers see the old file or the complete new one; after a failure the target is
 * untouched and the temporary file is removed.
 */
final class AtomicOutput {
    private AtomicOutput() {
    }

    /** Usage errors that are knowable before any work: the directory is missing, the target is a directory. */
    static void check(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) {
            throw new UsageException("cannot write the report to " + target + ": not a file name");
        }
        if (!Files.isDirectory(dir)) {
            throw new UsageException("cannot write the report to " + target + ": directory " + dir
                    + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
        if (Files.isDirectory(abs)) {
            throw new UsageException("cannot write the report to " + target + ": it is a directory");
        }
    }

    static void write(Path target, byte[] data) {
        check(target);
        writeChecked(target, data);
    }

    /** {@link #write} after {@link #check}; separate so tests can make the final rename fail. */
    static void writeChecked(Path target, byte[] data) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = createTemp(abs);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            syncDirectory(abs.getParent());
        } catch (AtomicMoveNotSupportedException e) {
            throw new IncompleteException("cannot write " + target + ": the file system cannot rename atomically", e);
        } catch (IOException e) {
            throw new IncompleteException("cannot write " + target + ": " + describe(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the primary error is already being reported
                }
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

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
