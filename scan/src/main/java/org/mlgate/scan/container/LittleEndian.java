package org.mlgate.scan.container;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.mlgate.scan.engine.Blob;

/** Little-endian reads from a blob; callers check bounds first (see {@link #fits}). */
final class LittleEndian {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    static boolean fits(Blob b, long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= b.size() && length <= b.size() - offset;
    }

    static int u16(Blob b, long offset) {
        return b.data().get(U16, offset) & 0xffff;
    }

    static long u32(Blob b, long offset) {
        return b.data().get(U32, offset) & 0xffffffffL;
    }

    /** A 64-bit field; values above Long.MAX_VALUE come back negative and callers reject them. */
    static long u64(Blob b, long offset) {
        return b.data().get(U64, offset);
    }
}
