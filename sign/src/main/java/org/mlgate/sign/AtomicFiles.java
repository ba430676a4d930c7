package org.mlgate.sign;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Writes a file atomically: a new temporary file beside it, forced to disk, renamed over the target. */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] data) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            for (int attempt = 0; tmp == null; attempt++) {
                byte[] r = new byte[6];
                RANDOM.nextBytes(r);
                Path t = dir.resolve("." + abs.getFileName() + "." + HexFormat.of().formatHex(r) + ".tmp");
                try {
                    Files.newByteChannel(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                    tmp = t;
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 16) {
                        throw e;
                    }
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
