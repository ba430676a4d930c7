package org.mlgate.train.data;

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
import java.security.SecureRandom;
import java.util.HexFormat;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;

/**
 * Streams a file into place atomically: the body writes to a new temporary file beside the target (created
 * exclusively), which is forced to disk and renamed over the target in one step. Readers see the old file or
 * the whole new one; after any failure the temporary file is removed and the target untouched.
 */
public final class AtomicFile {
    /** Writes the content; may throw {@link IOException}. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final SecureRandom NAMES = new SecureRandom();

    private AtomicFile() {
    }

    /** Usage errors knowable before any work (exit 2): the directory is missing, the target is a directory. */
    public static void check(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) {
            throw new UsageException("cannot write " + target + ": not a file name");
        }
        if (!Files.isDirectory(dir)) {
            throw new UsageException("cannot write " + target + ": directory " + dir
                    + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
        if (Files.isDirectory(abs)) {
            throw new UsageException("cannot write " + target + ": it is a directory");
        }
    }

    public static void write(Path target, Body body) {
        check(target);
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = createTemp(abs);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IncompleteException("cannot write " + target + ": the file system cannot rename atomically", e);
        } catch (IOException e) {
            throw new IncompleteException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the primary error is being reported
                }
            }
        }
    }

    private static Path createTemp(Path abs) throws IOException {
        String base = abs.getFileName().toString();
        if (base.length() > 100) {
            base = base.substring(0, 100);
        }
        for (int attempt = 0; ; attempt++) {
            byte[] random = new byte[6];
            NAMES.nextBytes(random);
            Path tmp = abs.getParent().resolve("." + base + "." + HexFormat.of().formatHex(random) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 16) {
                    throw e;
                }
            }
        }
    }
}
