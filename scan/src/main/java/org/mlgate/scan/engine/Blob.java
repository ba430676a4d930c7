package org.mlgate.scan.engine;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Bytes under analysis: a whole file (mapped), a stored archive member (a zero-copy slice of its
 * parent) or decompressed data (heap or a mapped temporary file). Reads are random access and never
 * copy more than asked.
 */
public record Blob(String name, MemorySegment data) {
    public Blob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }

    public static Blob of(String name, byte[] bytes) {
        return new Blob(name, MemorySegment.ofArray(bytes));
    }

    public long size() {
        return data.byteSize();
    }

    public int u8(long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
    }

    /** Up to {@code max} bytes from {@code offset} (fewer at the end). */
    public byte[] head(long offset, int max) {
        if (offset >= size()) {
            return new byte[0];
        }
        int n = (int) Math.min(max, size() - offset);
        return data.asSlice(offset, n).toArray(ValueLayout.JAVA_BYTE);
    }

    public byte[] head(int max) {
        return head(0, max);
    }

    public Blob slice(String childName, long offset, long length) {
        return new Blob(childName, data.asSlice(offset, length));
    }

    public boolean startsWith(byte[] magic) {
        if (size() < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (data.get(ValueLayout.JAVA_BYTE, i) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
