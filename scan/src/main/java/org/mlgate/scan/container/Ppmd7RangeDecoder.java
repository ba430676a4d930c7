package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;

/**
 * 7z's range decoder for PPMd (carry-less, 32-bit, normalised a byte at a time below 2^24). Reading past
 * the end of the packed stream yields zeros, as in the reference, and is remembered: a valid stream never
 * needs it, because the encoder flushes every byte the decoder will look at.
 */
final class Ppmd7RangeDecoder {
    private static final long TOP = 1L << 24;
    private static final long MASK = 0xFFFFFFFFL;

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean overrun;
    private IOException failure;
    private long range = MASK;
    private long code;

    Ppmd7RangeDecoder(InputStream in) {
        this.in = in;
    }

    /** Reads the 5-byte start; false when it cannot start a valid stream. */
    boolean init() {
        if (next() != 0) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            code = (code << 8) | next();
        }
        return code < MASK && !overrun;
    }

    /** True once the decoder needed bytes past the end of its input. */
    boolean overrun() {
        return overrun;
    }

    /** The read error that ended the input early, if any. */
    IOException failure() {
        return failure;
    }

    private int next() {
        if (pos == limit) {
            if (overrun) {
                return 0;
            }
            try {
                int n = in.read(buffer, 0, buffer.length);
                if (n <= 0) {
                    overrun = true;
                    return 0;
                }
                pos = 0;
                limit = n;
            } catch (IOException e) {
                failure = e;
                overrun = true;
                return 0;
            }
        }
        return buffer[pos++] & 0xFF;
    }

    long threshold(int total) {
        range /= total;
        return code / range;
    }

    void decode(long start, long size) {
        code = (code - start * range) & MASK;
        range = (range * size) & MASK;
        normalize();
    }

    int decodeBit(int size0, int total) {
        long bound = (range / total) * size0;
        int bit;
        if (code < bound) {
            bit = 0;
            range = bound;
        } else {
            bit = 1;
            code -= bound;
            range -= bound;
        }
        normalize();
        return bit;
    }

    private void normalize() {
        if (range < TOP) {
            code = ((code << 8) | next()) & MASK;
            range = (range << 8) & MASK;
            if (range < TOP) {
                code = ((code << 8) | next()) & MASK;
                range = (range << 8) & MASK;
            }
        }
    }
}
