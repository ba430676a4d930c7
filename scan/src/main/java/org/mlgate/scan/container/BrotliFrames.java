package org.mlgate.scan.container;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * A 7z Brotli coder's data (04F71102, written by 7-Zip's zstd fork and read by py7zr): either one raw Brotli stream, or
 * frames each behind zstdmt's 16-byte header (skippable-frame magic 0x184D2A50, frame size 8, the compressed size,
 * "BR", an uncompressed-size hint), decoded one after the other. Google's Java decoder keeps at most a 16 MiB window.
 */
final class BrotliFrames extends BulkInputStream {
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;
    private static final int BROTLI_MAGIC = 0x5242;

    private final PushbackInputStream in;
    private final long maxFrame;
    private InputStream frame;
    private boolean raw;
    private boolean done;

    /** {@code maxFrame}: the largest compressed frame accepted, held in memory (the packed size or the budget). */
    BrotliFrames(InputStream in, long maxFrame) {
        this.in = new PushbackInputStream(in, 4);
        this.maxFrame = Math.min(maxFrame, Integer.MAX_VALUE - 8);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (!done) {
            if (frame == null && !nextFrame()) {
                done = true;
                break;
            }
            int n = frame.read(b, off, len);
            if (n >= 0) {
                return n;
            }
            frame.close();
            frame = null;
            if (raw) {
                done = true; // a raw stream is the whole coder output
            }
        }
        return -1;
    }

    private boolean nextFrame() throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length == 0) {
            return false;
        }
        if (magic.length < 4 || le(magic, 0, 4) != SKIPPABLE_MAGIC) {
            in.unread(magic);
            raw = true;
            frame = new BrotliInputStream(in);
            return true;
        }
        byte[] header = in.readNBytes(12);
        if (header.length < 12) {
            throw new IOException("Brotli data: a zstdmt frame header is cut off");
        }
        if (le(header, 0, 4) != 8 || le(header, 8, 2) != BROTLI_MAGIC) {
            throw new IOException("Brotli data: a skippable frame is not a zstdmt Brotli frame header (size "
                    + le(header, 0, 4) + ", magic 0x" + Long.toHexString(le(header, 8, 2)) + ")");
        }
        long size = le(header, 4, 4);
        if (size > maxFrame) {
            throw new IOException("Brotli data: a frame claims " + size + " compressed bytes, more than the "
                    + maxFrame + " packed");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new IOException("Brotli data: a frame of " + size + " bytes is cut off after " + data.length);
        }
        frame = new BrotliInputStream(new ByteArrayInputStream(data));
        return true;
    }

    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        if (frame != null) {
            frame.close();
        }
        in.close();
    }
}
