package org.mlgate.scan.container;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes ZIP archives byte by byte so tests can craft every anomaly a hostile archive may have: names
 * that differ between local and central headers, wrong CRCs, flag bits, symlink modes, ZIP64 records,
 * prepended or appended data, overlapping members.
 */
public final class ZipBuilder {
    /** One member; every field can be overridden to craft anomalies. */
    public static final class Entry {
        String name;
        String localName;
        byte[] data;
        int method = 0;
        int flags = 0;
        Long crc;
        Long size;
        Long compressedSize;
        int versionMadeBy = 20;
        long externalAttributes = 0;
        byte[] localExtra = new byte[0];
        boolean zip64;
        /** Point the central record at an earlier member's local header (overlap). */
        Integer reuseLocalOf;

        Entry(String name, byte[] data) {
            this.name = name;
            this.data = data;
        }

        public Entry deflated() {
            method = 8;
            return this;
        }

        public Entry method(int m) {
            method = m;
            return this;
        }

        public Entry flags(int f) {
            flags = f;
            return this;
        }

        public Entry crc(long c) {
            crc = c;
            return this;
        }

        public Entry sizes(long compressed, long uncompressed) {
            compressedSize = compressed;
            size = uncompressed;
            return this;
        }

        public Entry localName(String n) {
            localName = n;
            return this;
        }

        public Entry symlink() {
            versionMadeBy = (3 << 8) | 20;
            externalAttributes = (0120777L << 16);
            return this;
        }

        public Entry unixMode(int mode) {
            versionMadeBy = (3 << 8) | 20;
            externalAttributes = ((long) mode << 16);
            return this;
        }

        public Entry localExtra(byte[] extra) {
            localExtra = extra;
            return this;
        }

        public Entry zip64() {
            zip64 = true;
            return this;
        }

        public Entry sameLocalHeaderAs(int index) {
            reuseLocalOf = index;
            return this;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private byte[] prefix = new byte[0];
    private byte[] suffix = new byte[0];
    private byte[] comment = new byte[0];
    private boolean zip64Eocd;
    private Integer declaredEntries;
    private Long cdOffsetOverride;

    public Entry add(String name, byte[] data) {
        Entry e = new Entry(name, data);
        entries.add(e);
        return e;
    }

    public Entry add(String name, String text) {
        return add(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public ZipBuilder prepend(byte[] p) {
        prefix = p;
        return this;
    }

    public ZipBuilder append(byte[] s) {
        suffix = s;
        return this;
    }

    public ZipBuilder comment(String c) {
        comment = c.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public ZipBuilder zip64Eocd() {
        zip64Eocd = true;
        return this;
    }

    public ZipBuilder declaredEntries(int n) {
        declaredEntries = n;
        return this;
    }

    public ZipBuilder centralDirectoryOffset(long off) {
        cdOffsetOverride = off;
        return this;
    }

    public byte[] build() {
        Buf out = new Buf();
        out.bytes(prefix);
        long base = prefix.length;
        long[] localOffsets = new long[entries.size()];
        byte[][] packed = new byte[entries.size()][];
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            packed[i] = e.method == 8 ? deflate(e.data) : e.data;
            if (e.reuseLocalOf != null) {
                localOffsets[i] = localOffsets[e.reuseLocalOf];
                continue;
            }
            localOffsets[i] = out.size() - base;
            byte[] lname = (e.localName != null ? e.localName : e.name).getBytes(StandardCharsets.UTF_8);
            out.u32(0x04034b50).u16(20).u16(e.flags).u16(e.method).u16(0).u16(0).u32(crcOf(e))
                    .u32(e.zip64 ? 0xffffffffL : comp(e, packed[i])).u32(e.zip64 ? 0xffffffffL : size(e))
                    .u16(lname.length).u16(e.localExtra.length).bytes(lname).bytes(e.localExtra).bytes(packed[i]);
        }
        long cdStart = out.size() - base;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            Buf extra = new Buf();
            if (e.zip64) {
                extra.u16(1).u16(24).u64(size(e)).u64(comp(e, packed[i])).u64(localOffsets[i]);
            }
            out.u32(0x02014b50).u16(e.versionMadeBy).u16(20).u16(e.flags).u16(e.method).u16(0).u16(0).u32(crcOf(e))
                    .u32(e.zip64 ? 0xffffffffL : comp(e, packed[i])).u32(e.zip64 ? 0xffffffffL : size(e))
                    .u16(name.length).u16(extra.size()).u16(0).u16(0).u16(0).u32(e.externalAttributes)
                    .u32(e.zip64 ? 0xffffffffL : localOffsets[i]).bytes(name).bytes(extra.toByteArray());
        }
        long cdSize = out.size() - base - cdStart;
        long cdOffset = cdOffsetOverride != null ? cdOffsetOverride : cdStart;
        int n = declaredEntries != null ? declaredEntries : entries.size();
        if (zip64Eocd) {
            long z64 = out.size() - base;
            out.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(n).u64(n).u64(cdSize).u64(cdOffset);
            out.u32(0x07064b50).u32(0).u64(z64).u32(1);
            out.u32(0x06054b50).u16(0).u16(0).u16(0xffff).u16(0xffff).u32(0xffffffffL).u32(0xffffffffL);
        } else {
            out.u32(0x06054b50).u16(0).u16(0).u16(n).u16(n).u32(cdSize).u32(cdOffset);
        }
        out.u16(comment.length).bytes(comment).bytes(suffix);
        return out.toByteArray();
    }

    private static long crcOf(Entry e) {
        if (e.crc != null) {
            return e.crc;
        }
        CRC32 c = new CRC32();
        c.update(e.data);
        return c.getValue();
    }

    private static long size(Entry e) {
        return e.size != null ? e.size : e.data.length;
    }

    private static long comp(Entry e, byte[] packed) {
        return e.compressedSize != null ? e.compressedSize : packed.length;
    }

    public static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** Little-endian byte writer. */
    public static final class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Buf u16(int v) {
            out.write(v & 0xff);
            out.write((v >>> 8) & 0xff);
            return this;
        }

        public Buf u32(long v) {
            return u16((int) (v & 0xffff)).u16((int) ((v >>> 16) & 0xffff));
        }

        public Buf u64(long v) {
            return u32(v & 0xffffffffL).u32(v >>> 32);
        }

        public Buf bytes(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        public int size() {
            return out.size();
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
