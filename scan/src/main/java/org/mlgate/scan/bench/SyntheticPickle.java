package org.mlgate.scan.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a realistic protocol-4 pickle for benchmarks: a list of records (dicts with string keys, ints,
 * floats, short strings), framed and memoized the way CPython's pickler writes them.
 */
public final class SyntheticPickle {
    private SyntheticPickle() {
    }

    /** A pickle of {@code records} dicts; returns the bytes. Each record costs about 19 opcodes. */
    public static byte[] records(int records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(records * 64);
        Writer w = new Writer(body);
        w.op(0x5d); // EMPTY_LIST
        w.op(0x94); // MEMOIZE
        int memo = 1;
        String[] keys = {"id", "amount", "merchant", "hour"};
        int[] keyMemo = new int[keys.length];
        for (int i = 0; i < records; i++) {
            if (i % 1000 == 0) {
                w.op('('); // MARK: APPENDS in batches of 1000 as the pickler does
            }
            w.op('}');
            w.op(0x94);
            memo++;
            w.op('(');
            for (int k = 0; k < keys.length; k++) {
                if (i == 0) {
                    w.str(keys[k]);
                    w.op(0x94);
                    keyMemo[k] = memo++;
                } else {
                    w.op('h');
                    w.op(keyMemo[k] & 0xff);
                }
                switch (k) {
                    case 0 -> {
                        w.op('J');
                        w.le(i, 4);
                    }
                    case 1 -> {
                        w.op('G');
                        w.le(Double.doubleToLongBits(i * 1.25), 8);
                    }
                    case 2 -> {
                        w.str("merchant-category-grocery-" + (i % 97));
                        w.op(0x94);
                        memo++;
                    }
                    default -> {
                        w.op('K');
                        w.op(i % 24);
                    }
                }
            }
            w.op('u'); // SETITEMS
            if (i % 1000 == 999 || i == records - 1) {
                w.op('e'); // APPENDS
            }
        }
        w.op('.');
        byte[] payload = body.toByteArray();
        // frame it: PROTO 4, then FRAMEs of at most 64 KiB that end on opcode boundaries is what CPython
        // does; a single frame over the whole body keeps the generator simple and is equally valid.
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 16);
        out.write(0x80);
        out.write(4);
        out.write(0x95);
        long n = payload.length;
        for (int i = 0; i < 8; i++) {
            out.write((int) (n >>> (8 * i)));
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Opcodes in {@link #records(int)} output, for rate calculations. */
    public static long opcodes(int records) {
        // PROTO FRAME EMPTY_LIST MEMOIZE STOP + per record: } MEMOIZE MARK 4x(key + value) 1 memo for
        // merchant, SETITEMS; first record: 4 key MEMOIZEs; per batch MARK + APPENDS
        long perRecord = 3 + 4 * 2 + 1 + 1;
        long batches = (records + 999) / 1000;
        return 5 + perRecord * records + 4 + 2 * batches;
    }

    private static final class Writer {
        private final ByteArrayOutputStream out;

        Writer(ByteArrayOutputStream out) {
            this.out = out;
        }

        void op(int b) {
            out.write(b);
        }

        void le(long v, int n) {
            for (int i = 0; i < n; i++) {
                out.write((int) (v >>> (8 * i)));
            }
        }

        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(0x8c);
            out.write(b.length);
            out.writeBytes(b);
        }
    }
}
