package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;

/**
 * A 7z PPMd coder's output: exactly {@code outSize} bytes decoded from the packed stream (7z records the
 * size; its encoder writes no end marker). Corrupt or truncated input ends the stream with an IOException
 * after the bytes decoded before it, which is what 7-Zip and py7zr hand on before failing.
 */
public final class PpmdInputStream extends BulkInputStream {
    private final Ppmd7 model;
    private final Ppmd7RangeDecoder rc;
    private final long outSize;
    private long produced;
    private String failure;

    /**
     * @param order      the model order, 2 to 64
     * @param memorySize model memory in bytes, at least 2048; the caller has checked it against the decoder
     *                   budget (it is allocated here)
     * @param outSize    the number of bytes to decode
     * @throws IOException when the stream's first five bytes cannot start a PPMd stream
     */
    public PpmdInputStream(InputStream packed, int order, int memorySize, long outSize) throws IOException {
        this.rc = new Ppmd7RangeDecoder(packed);
        if (!rc.init()) {
            throw new IOException("PPMd stream does not start like one (first byte not 0, or truncated)");
        }
        this.model = new Ppmd7(order, memorySize, rc);
        this.outSize = outSize;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
        if (produced >= outSize) {
            return -1;
        }
        int n = (int) Math.min(len, outSize - produced);
        for (int i = 0; i < n; i++) {
            int sym;
            try {
                sym = model.decodeSymbol();
            } catch (RuntimeException e) {
                // the model's invariants do not hold for this data (an index left the model's memory)
                sym = -2;
            }
            if (sym < 0 || rc.overrun()) {
                produced += i;
                failure = failure(sym);
                if (i > 0) {
                    return i; // the bytes before the failure are handed on first
                }
                throw new IOException(failure);
            }
            b[off + i] = (byte) sym;
        }
        produced += n;
        return n;
    }

    private String failure(int sym) {
        if (rc.failure() != null) {
            return "reading the packed PPMd data failed: " + rc.failure().getMessage();
        }
        if (rc.overrun()) {
            return "PPMd data is truncated: " + produced + " of " + outSize + " bytes decoded";
        }
        return sym == -1 ? "PPMd data has an end marker after " + produced + " of " + outSize + " bytes"
                : "PPMd data is corrupt after " + produced + " of " + outSize + " bytes";
    }
}
