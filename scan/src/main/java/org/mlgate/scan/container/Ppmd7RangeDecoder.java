package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;

/**
 * 7z's range decoder for PPMd (carry-less, 32-bit, normalised a byte at a time below 2^24). Reading past
 * the end of the packed stream yields zeros, as in the reference, and is remembered: a valid stream never
 * needs it, because the encoder flushes every byte the decoder will look at.
 */
final class Ppmd7RangeDecoder {

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean overrun;
    private IOException failure;
    // 32-bit unsigned values in ints (unsigned division is an intrinsic)
    private int range = -1;
    private int code;

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
        return code != -1 && !overrun;
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

    /** The count in [0, total) the next symbol's interval must hold (larger on corrupt data). */
    long threshold(int total) {
        range = Integer.divideUnsigned(range, total);
        return Integer.toUnsignedLong(Integer.divideUnsigned(code, range));
    }

    void decode(int start, int size) {
        code -= start * range;
        range *= size;
        normalize();
    }

    int decodeBit(int size0, int total) {
        int bound = Integer.divideUnsigned(range, total) * size0;
        int bit;
        if (Integer.compareUnsigned(code, bound) < 0) {
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
        if ((range >>> 24) == 0) {
            code = (code << 8) | next();
            range <<= 8;
            if ((range >>> 24) == 0) {
                code = (code << 8) | next();
                range <<= 8;
            }
        }
    }
}
