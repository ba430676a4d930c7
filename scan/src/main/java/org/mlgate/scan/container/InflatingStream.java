package org.mlgate.scan.container;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Inflates deflate data straight from a memory segment: raw deflate (ZIP members, gzip members) or zlib
 * streams, several back to back as joblib's zlib reader accepts them. The input is fed in small windows,
 * so a mapped multi-gigabyte member is never copied whole.
 *
 * <p>zlib framing (header and Adler-32) is checked here rather than by the Inflater so that a bad
 * checksum is reported only after every decoded byte has been returned: a streaming loader would have
 * acted on those bytes before noticing.
 */
final class InflatingStream extends BulkInputStream {
    private static final int WINDOW = 64 << 10;
    private final MemorySegment input;
    private final boolean zlib;
    private Inflater inflater = new Inflater(true);
    private final Adler32 adler = new Adler32();
    /** Start of the current deflate data in the input. */
    private long streamStart;
    /** Input bytes handed to the current inflater. */
    private long fed;
    private boolean started;
    private boolean done;

    private InflatingStream(MemorySegment input, boolean zlib) {
        this.input = input;
        this.zlib = zlib;
    }

    /** Raw deflate as in ZIP entries (method 8) and gzip members; ends where the deflate data ends. */
    static InflatingStream rawDeflate(MemorySegment input) {
        return new InflatingStream(input, false);
    }

    /** One or more zlib streams (RFC 1950) back to back, each with its header and Adler-32 checked. */
    static InflatingStream zlib(MemorySegment input) {
        return new InflatingStream(input, true);
    }

    /** Input consumed up to the end of the deflate data decoded so far (for raw mode: where a trailer starts). */
    long consumed() {
        return streamStart + (inflater == null ? fed : fed - inflater.getRemaining());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (zlib && !started) {
            started = true;
            startZlib(0);
        }
        try {
            while (true) {
                if (inflater.finished()) {
                    if (!zlib || !nextZlibStream()) {
                        done = true;
                        return -1;
                    }
                    continue;
                }
                if (inflater.needsInput()) {
                    long at = streamStart + fed;
                    if (at >= input.byteSize()) {
                        throw new EOFException("deflate data ends before the end of the compressed stream (at input "
                                + "byte " + at + ")");
                    }
                    int n = (int) Math.min(WINDOW, input.byteSize() - at);
                    inflater.setInput(input.asSlice(at, n).asByteBuffer());
                    fed += n;
                }
                int n = inflater.inflate(b, off, len);
                if (n > 0) {
                    if (zlib) {
                        adler.update(b, off, n);
                    }
                    return n;
                }
            }
        } catch (DataFormatException e) {
            throw new ZipException("invalid deflate data near input byte " + consumed() + ": " + e.getMessage());
        }
    }

    /** Checks the zlib header at {@code at} and starts inflating the deflate data after it. */
    private void startZlib(long at) throws IOException {
        if (at + 2 > input.byteSize()) {
            throw new EOFException("zlib header truncated at input byte " + at);
        }
        int cmf = input.get(ValueLayout.JAVA_BYTE, at) & 0xff;
        int flg = input.get(ValueLayout.JAVA_BYTE, at + 1) & 0xff;
        if ((cmf & 0x0f) != 8 || (cmf >>> 4) > 7 || ((cmf << 8) | flg) % 31 != 0) {
            throw new ZipException(String.format("no zlib header at input byte %d (%02x %02x)", at, cmf, flg));
        }
        if ((flg & 0x20) != 0) {
            throw new ZipException("zlib stream at input byte " + at + " needs a preset dictionary, which no loader "
                    + "supplies");
        }
        if (inflater != null) {
            inflater.end();
        }
        inflater = new Inflater(true);
        adler.reset();
        streamStart = at + 2;
        fed = 0;
    }

    /** After a zlib stream's deflate data: checks its Adler-32, then starts the next stream if input remains. */
    private boolean nextZlibStream() throws IOException {
        long trailer = consumed();
        if (trailer + 4 > input.byteSize()) {
            throw new EOFException("zlib stream ends without its Adler-32 checksum");
        }
        long recorded = 0;
        for (int i = 0; i < 4; i++) {
            recorded = (recorded << 8) | (input.get(ValueLayout.JAVA_BYTE, trailer + i) & 0xff);
        }
        if (recorded != adler.getValue()) {
            throw new ZipException(String.format("zlib Adler-32 mismatch at input byte %d: data has %08x, stream "
                    + "says %08x", trailer, adler.getValue(), recorded));
        }
        long next = trailer + 4;
        if (next >= input.byteSize()) {
            return false;
        }
        startZlib(next);
        return true;
    }

    @Override
    public void close() {
        if (inflater != null) {
            long c = consumed();
            inflater.end();
            inflater = null;
            streamStart = c;
            fed = 0;
        }
        done = true;
    }
}
