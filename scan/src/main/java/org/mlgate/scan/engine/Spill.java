package org.mlgate.scan.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Materialises decompressed streams with limits: small ones on the heap, large ones in a temporary file
 * that is mapped and deleted when the file's scan ends. Every byte is charged to the decompression
 * budget and the member's compression ratio is checked as it grows (bomb detection without inflating
 * the whole bomb).
 */
public final class Spill implements AutoCloseable {
    static final int HEAP_LIMIT = 64 << 20;
    private final Arena arena = Arena.ofShared();
    private final List<Path> temps = new ArrayList<>();

    /** Thrown when a member inflates beyond the ratio or size limit; the caller reports a bomb finding. */
    public static final class BombException extends Exception {
        private final long produced;

        BombException(long produced, String message) {
            super(message, null, false, false);
            this.produced = produced;
        }

        public long produced() {
            return produced;
        }
    }

    /**
     * Reads {@code in} fully. {@code compressedSize} (≥ 1) is the input size used for the ratio check;
     * {@code maxOut} caps this member alone.
     */
    public Blob read(String name, InputStream in, long compressedSize, long maxOut, ScanContext ctx)
            throws IOException, ScanAbort, BombException {
        long ratioCap = Math.max(1, compressedSize) * ctx.budgets().maxRatio();
        long cap = Math.min(maxOut, Math.max(ratioCap, 1 << 20));
        byte[] buf = new byte[8192];
        byte[] heap = new byte[8192];
        int used = 0;
        OutputStream out = null;
        Path temp = null;
        long total = 0;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                ctx.chargeDecompressed(n);
                if (total > cap) {
                    throw new BombException(total, "inflates past " + cap + " bytes from " + compressedSize
                            + " compressed (ratio limit " + ctx.budgets().maxRatio() + ")");
                }
                if ((total & 0xFFFFF) < n) {
                    ctx.checkTime();
                }
                if (out == null && used + n <= HEAP_LIMIT) {
                    if (used + n > heap.length) {
                        heap = Arrays.copyOf(heap, Math.min(HEAP_LIMIT, Math.max(heap.length * 2, used + n)));
                    }
                    System.arraycopy(buf, 0, heap, used, n);
                    used += n;
                } else {
                    if (out == null) {
                        temp = Files.createTempFile("mlgate-", ".bin");
                        temps.add(temp);
                        out = Files.newOutputStream(temp);
                        out.write(heap, 0, used);
                        heap = null;
                    }
                    out.write(buf, 0, n);
                }
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
        if (temp == null) {
            return new Blob(name, MemorySegment.ofArray(Arrays.copyOf(heap, used)));
        }
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ)) {
            return new Blob(name, ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena));
        }
    }

    @Override
    public void close() {
        arena.close();
        for (Path p : temps) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a temp file left behind is harmless and the OS cleans /tmp
            }
        }
    }
}
