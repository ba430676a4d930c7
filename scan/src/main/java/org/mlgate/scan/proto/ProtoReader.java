package org.mlgate.scan.proto;

import java.nio.charset.StandardCharsets;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;

/**
 * Iterates the fields of one protobuf message held in {@code blob[start, end)} without generated classes:
 * tag, wire type and value of each field in turn. Every read is bounds-checked against the message's own
 * end (never the blob's), varints are at most 10 bytes, groups and invalid wire types are malformed,
 * nested messages carry a depth, and every field is counted against the walk's {@link ProtoBudget}.
 * Offsets reported are absolute positions in the blob.
 */
public final class ProtoReader {
    /** Largest legal field number (2^29 - 1). */
    private static final long MAX_FIELD = (1L << 29) - 1;

    private final Blob blob;
    private final long end;
    private final int depth;
    private final ProtoBudget budget;
    private long pos;

    private int field;
    private int wireType;
    private long tagOffset;
    private long value;
    private long payloadOffset;

    private ProtoReader(Blob blob, long start, long end, int depth, ProtoBudget budget) {
        this.blob = blob;
        this.pos = start;
        this.end = end;
        this.depth = depth;
        this.budget = budget;
    }

    /** A reader over the whole blob as one top-level message. */
    public static ProtoReader of(Blob blob, ProtoBudget budget) {
        return new ProtoReader(blob, 0, blob.size(), 0, budget);
    }

    /** Advances to the next field; false at the end of the message. */
    public boolean next() throws ScanAbort {
        if (pos >= end) {
            return false;
        }
        tagOffset = pos;
        budget.countField(pos);
        long tag = readVarint();
        long number = tag >>> 3;
        wireType = (int) (tag & 7);
        if (number == 0 || number > MAX_FIELD) {
            throw ScanAbort.malformed(tagOffset, "protobuf field number " + number + " out of range");
        }
        field = (int) number;
        switch (wireType) {
            case WireType.VARINT -> {
                payloadOffset = pos;
                value = readVarint();
            }
            case WireType.I64 -> fixed(8);
            case WireType.I32 -> fixed(4);
            case WireType.LEN -> {
                long len = readVarint();
                payloadOffset = pos;
                if (len < 0 || len > end - pos) {
                    throw ScanAbort.malformed(tagOffset, "field " + field + " length " + Long.toUnsignedString(len)
                            + " runs past the end of its message (" + (end - pos) + " bytes left)");
                }
                value = len;
                pos += len;
            }
            default -> throw ScanAbort.malformed(tagOffset, "field " + field + " uses "
                    + WireType.name(wireType) + (wireType == WireType.SGROUP || wireType == WireType.EGROUP
                            ? " (groups are not supported)" : ""));
        }
        return true;
    }

    private void fixed(int n) throws ScanAbort {
        if (end - pos < n) {
            throw ScanAbort.malformed(tagOffset, "field " + field + " fixed" + (n * 8) + " truncated");
        }
        payloadOffset = pos;
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) blob.u8(pos + i) << (8 * i);
        }
        value = v;
        pos += n;
    }

    private long readVarint() throws ScanAbort {
        return readVarintUntil(end);
    }

    public int field() {
        return field;
    }

    public int wireType() {
        return wireType;
    }

    /** Absolute offset of the current field's tag. */
    public long offset() {
        return tagOffset;
    }

    /** Absolute offset of the current field's payload (after the length for length-delimited fields). */
    public long payloadOffset() {
        return payloadOffset;
    }

    public int depth() {
        return depth;
    }

    public boolean is(int number, int type) {
        return field == number && wireType == type;
    }

    /** Varint or fixed value as read (unsigned bits in a long). */
    public long value() {
        return value;
    }

    /** Length of the current length-delimited payload. */
    public long length() {
        expect(WireType.LEN);
        return value;
    }

    /** A reader over the current length-delimited field as a nested message, one level deeper. */
    public ProtoReader message() throws ScanAbort {
        expect(WireType.LEN);
        if (depth + 1 > budget.maxDepth()) {
            throw ScanAbort.budget(tagOffset, "protobuf messages nested deeper than " + budget.maxDepth() + " levels");
        }
        return new ProtoReader(blob, payloadOffset, payloadOffset + value, depth + 1, budget);
    }

    /** The current length-delimited payload as UTF-8 text, cut to {@code max} bytes (marked with "..."). */
    public String string(int max) {
        expect(WireType.LEN);
        int n = (int) Math.min(value, max);
        String s = new String(blob.head(payloadOffset, n), StandardCharsets.UTF_8);
        return value > max ? s + "..." : s;
    }

    /** The current length-delimited payload as a zero-copy slice. */
    public Blob bytes(String name) {
        expect(WireType.LEN);
        return blob.slice(name, payloadOffset, value);
    }

    /**
     * Counts the varints packed in the current length-delimited field (for packed repeated integers)
     * or reads them with {@code sink}; malformed if the last one is cut.
     */
    public long packedVarints(LongSink sink) throws ScanAbort {
        expect(WireType.LEN);
        long save = pos;
        long saveEnd = payloadOffset + value;
        pos = payloadOffset;
        long n = 0;
        try {
            while (pos < saveEnd) {
                budget.countField(pos);
                long v = readVarintUntil(saveEnd);
                sink.accept(v);
                n++;
            }
        } finally {
            pos = save;
        }
        return n;
    }

    private long readVarintUntil(long limit) throws ScanAbort {
        long start = pos;
        long v = 0;
        for (int i = 0; i < 10; i++) {
            if (pos >= limit) {
                throw ScanAbort.malformed(start, "varint truncated at the end of its message");
            }
            int b = blob.u8(pos++);
            if (i == 9 && (b & 0x7f) > 1) {
                throw ScanAbort.malformed(start, "varint overflows 64 bits");
            }
            v |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw ScanAbort.malformed(start, "varint longer than 10 bytes");
    }

    /** Receives packed values. */
    @FunctionalInterface
    public interface LongSink {
        void accept(long value) throws ScanAbort;
    }

    private void expect(int type) {
        if (wireType != type) {
            throw new IllegalStateException("field " + field + " is " + WireType.name(wireType) + ", not "
                    + WireType.name(type));
        }
    }
}
