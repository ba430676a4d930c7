package org.mlgate.scan.container;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32;
import java.util.zip.ZipException;

/**
 * Decodes every member of a gzip file (RFC 1952) from a memory segment, checking each member's CRC-32 and
 * size, skipping zero padding between members as Python's gzip module does and failing on anything else
 * after them. Errors surface only after all bytes decoded before them were returned, so a truncated
 * file still yields the prefix a streaming loader would have consumed.
 */
final class GzipMembersStream extends BulkInputStream {
    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private final MemorySegment input;
    private final CRC32 crc = new CRC32();
    private long memberStart;
    private long dataStart;
    private long produced;
    private InflatingStream member;
    private boolean done;
    private int members;

    GzipMembersStream(MemorySegment input) {
        this.input = input;
    }

    /** Checks the first member's header so that a broken header fails at open. */
    GzipMembersStream open() throws IOException {
        startMember(0);
        return this;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (!done) {
            if (member == null) {
                long next = skipZeros(memberStart);
                if (next >= input.byteSize()) {
                    done = true;
                    break;
                }
                startMember(next);
            }
            int n = member.read(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
                produced += n;
                return n;
            }
            finishMember();
        }
        return -1;
    }

    private long skipZeros(long at) {
        long p = at;
        while (p < input.byteSize() && input.get(ValueLayout.JAVA_BYTE, p) == 0) {
            p++;
        }
        return members == 0 ? at : p;
    }

    private void startMember(long at) throws IOException {
        if (at + 10 > input.byteSize()) {
            throw new EOFException("gzip member header truncated at offset " + at);
        }
        if (u8(at) != 0x1f || u8(at + 1) != 0x8b) {
            throw new ZipException("garbage after gzip member " + members + ": offset " + at + " is not a gzip header");
        }
        if (u8(at + 2) != 8) {
            throw new ZipException("gzip member at offset " + at + " uses compression method " + u8(at + 2));
        }
        int flags = u8(at + 3);
        if ((flags & 0xe0) != 0) {
            throw new ZipException("gzip member at offset " + at + " has reserved flag bits set");
        }
        long p = at + 10;
        if ((flags & FEXTRA) != 0) {
            need(p, 2, at);
            p += 2 + (u8(p) | (u8(p + 1) << 8));
        }
        if ((flags & FNAME) != 0) {
            p = afterNul(p, at);
        }
        if ((flags & FCOMMENT) != 0) {
            p = afterNul(p, at);
        }
        if ((flags & FHCRC) != 0) {
            p += 2;
        }
        need(p, 0, at);
        memberStart = at;
        dataStart = p;
        member = InflatingStream.rawDeflate(input.asSlice(p));
        crc.reset();
        produced = 0;
    }

    private void finishMember() throws IOException {
        long trailer = dataStart + member.consumed();
        member.close();
        member = null;
        if (trailer + 8 > input.byteSize()) {
            throw new EOFException("gzip member at offset " + memberStart + " ends without its CRC-32 and size");
        }
        long recordedCrc = u32(trailer);
        long recordedSize = u32(trailer + 4);
        if (recordedCrc != crc.getValue()) {
            throw new ZipException(String.format("gzip member at offset %d: CRC-32 of the data is %08x, the trailer "
                    + "says %08x", memberStart, crc.getValue(), recordedCrc));
        }
        if (recordedSize != (produced & 0xffffffffL)) {
            throw new ZipException("gzip member at offset " + memberStart + " decodes to " + produced
                    + " bytes, its trailer says " + recordedSize + " (mod 2^32)");
        }
        members++;
        memberStart = trailer + 8;
    }

    private long afterNul(long p, long header) throws IOException {
        long q = p;
        while (q < input.byteSize() && input.get(ValueLayout.JAVA_BYTE, q) != 0) {
            q++;
        }
        need(q, 1, header);
        return q + 1;
    }

    private void need(long p, long n, long header) throws EOFException {
        if (p + n > input.byteSize()) {
            throw new EOFException("gzip member header at offset " + header + " is truncated");
        }
    }

    private int u8(long p) {
        return input.get(ValueLayout.JAVA_BYTE, p) & 0xff;
    }

    private long u32(long p) {
        return u8(p) | ((long) u8(p + 1) << 8) | ((long) u8(p + 2) << 16) | ((long) u8(p + 3) << 24);
    }

    @Override
    public void close() {
        if (member != null) {
            member.close();
            member = null;
        }
        done = true;
    }
}
