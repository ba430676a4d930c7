package org.mlgate.tensors;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;

/**
 * A read-only, zero-copy view of one tensor of a {@link SafeTensors} file. Valid while the file is open.
 *
 * <p>Elements are little-endian, as the format requires. Each typed accessor reads an element stored in at most
 * as many bits as its Java type, and never loses information: a same-width read (for unsigned dtypes, the raw
 * bits), or a widening one (sign extension for I8/I16/I32, zero extension for U8/U16/U32/BOOL, exact conversion
 * for F16/BF16/F32 into {@code float}/{@code double}). Anything else — narrowing F64 to float, reading an integer
 * as a float or a float as an integer (other than the raw bits of a same-width element) — throws
 * {@link IllegalStateException}. {@link #toByteArray()} and {@link #segment()} work for every dtype.
 */
public final class Tensor {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final TensorInfo info;
    private final MemorySegment data;
    private final long count;

    Tensor(TensorInfo info, MemorySegment data) {
        this.info = Objects.requireNonNull(info);
        this.data = data.asReadOnly();
        long n = 1;
        for (long d : info.shape()) {
            n *= d; // the header validator has ruled out overflow
        }
        this.count = n;
    }

    public String name() {
        return info.name();
    }

    public Dtype dtype() {
        return info.dtype();
    }

    /** The shape; empty for a 0-dim (scalar) tensor, which holds one element. */
    public List<Long> shape() {
        return info.shape();
    }

    /** The number of elements: the product of the shape (1 for a 0-dim tensor, 0 if a dimension is 0). */
    public long elementCount() {
        return count;
    }

    public long byteSize() {
        return data.byteSize();
    }

    /** The tensor's bytes: a read-only slice of the file, not a copy. */
    public MemorySegment segment() {
        return data;
    }

    public boolean getBoolean(long index) {
        require(index, Dtype.BOOL);
        return data.get(ValueLayout.JAVA_BYTE, index) != 0;
    }

    /** Any 8-bit dtype, as its raw byte. */
    public byte getByte(long index) {
        if (dtype().bits() != 8) {
            throw wrongType("getByte");
        }
        return data.get(ValueLayout.JAVA_BYTE, checked(index));
    }

    /** I16/U16/F16/BF16 as their raw 16 bits; I8 sign-extended; U8 zero-extended. */
    public short getShort(long index) {
        return switch (dtype()) {
            case I16, U16, F16, BF16 -> data.get(SHORT, 2 * checked(index));
            case I8 -> data.get(ValueLayout.JAVA_BYTE, checked(index));
            case U8 -> (short) Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, checked(index)));
            default -> throw wrongType("getShort");
        };
    }

    /** I32/U32 as their raw 32 bits; smaller integers widened (signed or unsigned as their dtype says). */
    public int getInt(long index) {
        return switch (dtype()) {
            case I32, U32 -> data.get(INT, 4 * checked(index));
            case I16 -> data.get(SHORT, 2 * checked(index));
            case U16 -> Short.toUnsignedInt(data.get(SHORT, 2 * checked(index)));
            case I8 -> data.get(ValueLayout.JAVA_BYTE, checked(index));
            case U8 -> Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, checked(index)));
            default -> throw wrongType("getInt");
        };
    }

    /** I64/U64 as their raw 64 bits; smaller integers widened (signed or unsigned as their dtype says). */
    public long getLong(long index) {
        return switch (dtype()) {
            case I64, U64 -> data.get(LONG, 8 * checked(index));
            case I32 -> data.get(INT, 4 * checked(index));
            case U32 -> Integer.toUnsignedLong(data.get(INT, 4 * checked(index)));
            case I16, U16, I8, U8 -> getInt(index);
            default -> throw wrongType("getLong");
        };
    }

    /** F32 as is; F16 and BF16 widened exactly (subnormals, infinities and NaN included). */
    public float getFloat(long index) {
        return switch (dtype()) {
            case F32 -> data.get(FLOAT, 4 * checked(index));
            case F16 -> halfToFloat(data.get(SHORT, 2 * checked(index)));
            case BF16 -> bfloat16ToFloat(data.get(SHORT, 2 * checked(index)));
            default -> throw wrongType("getFloat");
        };
    }

    /** F64 as is; F32, F16 and BF16 widened exactly. */
    public double getDouble(long index) {
        return dtype() == Dtype.F64 ? data.get(DOUBLE, 8 * checked(index)) : switch (dtype()) {
            case F32, F16, BF16 -> getFloat(index);
            default -> throw wrongType("getDouble");
        };
    }

    /** A copy of the raw bytes, for any dtype. */
    public byte[] toByteArray() {
        if (data.byteSize() > MAX_ARRAY) {
            throw tooLarge();
        }
        return data.toArray(ValueLayout.JAVA_BYTE);
    }

    /** F32, F16 or BF16 elements as floats; F64 is refused (it would narrow). */
    public float[] toFloatArray() {
        if (dtype() == Dtype.F32) {
            float[] out = new float[arrayLength()];
            MemorySegment.copy(data, FLOAT, 0, out, 0, out.length);
            return out;
        }
        if (dtype() != Dtype.F16 && dtype() != Dtype.BF16) {
            throw wrongType("toFloatArray");
        }
        float[] out = new float[arrayLength()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getFloat(i);
        }
        return out;
    }

    /** F64, F32, F16 or BF16 elements as doubles. */
    public double[] toDoubleArray() {
        switch (dtype()) {
            case F64 -> {
                double[] out = new double[arrayLength()];
                MemorySegment.copy(data, DOUBLE, 0, out, 0, out.length);
                return out;
            }
            case F32, F16, BF16 -> {
                double[] out = new double[arrayLength()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = getFloat(i);
                }
                return out;
            }
            default -> throw wrongType("toDoubleArray");
        }
    }

    /** I64/U64 (raw bits) or any smaller integer dtype, widened, as longs. */
    public long[] toLongArray() {
        if (dtype() == Dtype.I64 || dtype() == Dtype.U64) {
            long[] out = new long[arrayLength()];
            MemorySegment.copy(data, LONG, 0, out, 0, out.length);
            return out;
        }
        requireInteger("toLongArray", 32);
        long[] out = new long[arrayLength()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** I32/U32 (raw bits) or any smaller integer dtype, widened, as ints. */
    public int[] toIntArray() {
        if (dtype() == Dtype.I32 || dtype() == Dtype.U32) {
            int[] out = new int[arrayLength()];
            MemorySegment.copy(data, INT, 0, out, 0, out.length);
            return out;
        }
        requireInteger("toIntArray", 16);
        int[] out = new int[arrayLength()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getInt(i);
        }
        return out;
    }

    /** Any 16-bit dtype as its raw bits, or I8/U8 widened, as shorts. */
    public short[] toShortArray() {
        switch (dtype()) {
            case I16, U16, F16, BF16 -> {
                short[] out = new short[arrayLength()];
                MemorySegment.copy(data, SHORT, 0, out, 0, out.length);
                return out;
            }
            case I8, U8 -> {
                short[] out = new short[arrayLength()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = getShort(i);
                }
                return out;
            }
            default -> throw wrongType("toShortArray");
        }
    }

    /**
     * IEEE 754 binary16 bits to float, exactly: normals, subnormals (mantissa × 2^-24), signed zeros, infinities,
     * and NaN (quiet bit and payload kept in the top mantissa bits).
     */
    public static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (mant << 13));
        }
        if (exp == 0) {
            float magnitude = mant * 0x1p-24f; // exact: mant < 2^10; zero when mant is 0
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** bfloat16 bits to float, exactly: bfloat16 is the top half of a binary32. */
    public static float bfloat16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    private void requireInteger(String what, int maxBits) {
        switch (dtype()) {
            case I8, U8, I16, U16, I32, U32 -> {
                if (dtype().bits() > maxBits) {
                    throw wrongType(what);
                }
            }
            default -> throw wrongType(what);
        }
    }

    private void require(long index, Dtype wanted) {
        if (dtype() != wanted) {
            throw new IllegalStateException("tensor '" + name() + "' is " + dtype() + ", not " + wanted);
        }
        checked(index);
    }

    private long checked(long index) {
        return Objects.checkIndex(index, count);
    }

    private int arrayLength() {
        if (count > MAX_ARRAY) {
            throw tooLarge();
        }
        return (int) count;
    }

    private IllegalStateException tooLarge() {
        return new IllegalStateException("tensor '" + name() + "' (" + count + " elements, " + byteSize()
                + " bytes) is too large for a Java array; use segment()");
    }

    private IllegalStateException wrongType(String what) {
        return new IllegalStateException(what + " cannot read tensor '" + name() + "' of dtype " + dtype()
                + " without losing or reinterpreting information");
    }

    @Override
    public String toString() {
        return name() + " " + dtype() + " " + shape();
    }
}
