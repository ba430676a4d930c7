package org.mlgate.tensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Deterministic tensor contents for the reader/writer tests. */
final class Samples {
    static final List<Long> SHAPE = List.of(2L, 4L); // 8 elements: whole bytes even for F4 and F6

    private Samples() {
    }

    /** 8 elements of the dtype, little-endian, with values each accessor can check (checked in SafeTensorsTest). */
    static byte[] data(Dtype d) {
        int n = 8;
        ByteBuffer b = ByteBuffer.allocate(n * d.bits() / 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            switch (d) {
                case BOOL -> b.put((byte) (i % 3 == 0 ? 1 : 0));
                case U8, I8, F8_E5M2, F8_E4M3, F8_E8M0 -> b.put((byte) (i * 37 - 100));
                case I16, U16 -> b.putShort((short) (i * 9001 - 30000));
                case F16 -> b.putShort(Float.floatToFloat16(floatValue(i)));
                case BF16 -> b.putShort((short) (Float.floatToRawIntBits(floatValue(i)) >>> 16));
                case I32, U32 -> b.putInt(i * 987_654_321 - 5);
                case F32 -> b.putFloat(floatValue(i));
                case F64 -> b.putDouble(i * Math.PI - 7);
                case I64, U64 -> b.putLong(i * 0x0123_4567_89ab_cdefL - 3);
                case C64 -> b.putFloat(floatValue(i)).putFloat(-floatValue(i)); // real, imaginary
                case F4, F6_E2M3, F6_E3M2 -> {
                    // packed sub-byte types: fill whole bytes below
                }
            }
        }
        byte[] out = b.array();
        if (d == Dtype.F4 || d == Dtype.F6_E2M3 || d == Dtype.F6_E3M2) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (i * 53 + d.ordinal());
            }
        }
        return out;
    }

    /** Exactly representable in F16 and BF16 (few mantissa bits), with both signs and a fraction. */
    static float floatValue(int i) {
        return (i - 3) * 1.5f;
    }

    /** A writer holding every dtype plus 0-dim, empty and non-ASCII-named tensors, and metadata. */
    static SafeTensorsWriter everything() {
        SafeTensorsWriter w = new SafeTensorsWriter();
        w.metadata("format", "pt").metadata("note", "quote \" backslash \\ newline \n é");
        for (Dtype d : Dtype.values()) {
            w.add("t_" + d.name().toLowerCase(java.util.Locale.ROOT), d, SHAPE, data(d));
        }
        w.add("scalar", Dtype.F64, List.of(), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(-0.25).array());
        w.add("empty", Dtype.F32, List.of(3L, 0L, 2L), new byte[0]);
        w.add("größe/ü.weight", Dtype.I8, List.of(3L), new byte[] {-1, 0, 1});
        return w;
    }
}
