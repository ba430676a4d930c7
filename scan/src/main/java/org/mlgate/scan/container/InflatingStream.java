package org.mlgate.scan.container;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Inflates deflate data straight from a memory segment: raw deflate (ZIP members) or zlib-wrapped
 * streams, optionally several zlib streams back to back as joblib's zlib reader accepts them. The input
 * is fed in small windows, so a mapped multi-gigabyte member is never copied whole.
 */
final class InflatingStream extends InputStream {
    private static final int WINDOW = 64 << 10;
    private final MemorySegment input;
    private final boolean raw;
    private final boolean concatenated;
    private Inflater inflater;
    private long fed;
    private long streamStart;
    private boolean done;

    private InflatingStream(MemorySegment input, boolean raw, boolean concatenated) {
        this.input = input;
        this.raw = raw;
        this.concatenated = concatenated;
        this.inflater = new Inflater(raw);
    }

    /** Raw deflate as in ZIP entries (method 8). */
    static InflatingStream rawDeflate(MemorySegment input) {
        return new InflatingStream(input, true, false);
    }

    /** One or more zlib streams (RFC 1950) back to back. */
    static InflatingStream zlib(MemorySegment input) {
        return new InflatingStream(input, false, true);
    }

    /** Input bytes consumed by the finished streams so far, i.e. where trailing data starts. */
    long consumed() {
        return inflater == null ? fed : fed - inflater.getRemaining();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (done || len == 0) {
            return done ? -1 : 0;
        }
        try {
            while (true) {
                if (inflater.finished()) {
                    if (!nextStream()) {
                        done = true;
                        return -1;
                    }
                }
                if (inflater.needsInput()) {
                    if (fed >= input.byteSize()) {
                        throw new EOFException("deflate data ends before the end of the compressed stream (after "
                                + input.byteSize() + " bytes)");
                    }
                    int n = (int) Math.min(WINDOW, input.byteSize() - fed);
                    inflater.setInput(input.asSlice(fed, n).asByteBuffer());
                    fed += n;
                }
                if (inflater.needsDictionary()) {
                    throw new ZipException("zlib stream needs a preset dictionary, which no loader supplies");
                }
                int n = inflater.inflate(b, off, len);
                if (n > 0) {
                    return n;
                }
            }
        } catch (DataFormatException e) {
            throw new ZipException("invalid deflate data near input byte " + (streamStart + inflater.getBytesRead())
                    + ": " + e.getMessage());
        }
    }

    /** After one zlib stream ends, starts the next one if more input follows (concatenated mode only). */
    private boolean nextStream() {
        long next = fed - inflater.getRemaining();
        if (!concatenated || next >= input.byteSize()) {
            return false;
        }
        inflater.end();
        inflater = new Inflater(raw);
        fed = next;
        streamStart = next;
        return true;
    }

    @Override
    public void close() {
        if (inflater != null) {
            long c = consumed();
            inflater.end();
            inflater = null;
            fed = c;
        }
        done = true;
    }
}
