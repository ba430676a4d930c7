package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;

/**
 * A bounded reader of the 7z container structure (signature header, packed streams, folders and their
 * coders, substream sizes, file names and attributes), including a header that is itself packed
 * (kEncodedHeader). It exists because commons-compress only knows the coders of its closed method table:
 * this reader describes any archive, whatever its coders, so that members with other coders can be
 * decoded here or named in an error. Every count is checked against the bytes left before a loop runs;
 * any inconsistency is {@link ScanAbort#malformed} with where it was found.
 */
public final class SevenZipReader {
    static final int SIGNATURE_SIZE = 32;
    /** 7-Zip's own limits: coders per folder, streams per coder. */
    private static final int MAX_CODERS = 64;
    private static final int MAX_CODER_STREAMS = 64;
    /** A header bigger than this (decoded) is refused: 7-Zip's headers are a few bytes per file. */
    static final long MAX_HEADER = 64L << 20;
    private static final int MAX_NESTED_HEADERS = 4;

    private static final int K_END = 0x00;
    private static final int K_HEADER = 0x01;
    private static final int K_ARCHIVE_PROPERTIES = 0x02;
    private static final int K_ADDITIONAL_STREAMS = 0x03;
    private static final int K_MAIN_STREAMS = 0x04;
    private static final int K_FILES = 0x05;
    private static final int K_PACK_INFO = 0x06;
    private static final int K_UNPACK_INFO = 0x07;
    private static final int K_SUBSTREAMS = 0x08;
    private static final int K_SIZE = 0x09;
    private static final int K_CRC = 0x0A;
    private static final int K_FOLDER = 0x0B;
    private static final int K_CODERS_UNPACK_SIZE = 0x0C;
    private static final int K_NUM_UNPACK_STREAM = 0x0D;
    private static final int K_EMPTY_STREAM = 0x0E;
    private static final int K_EMPTY_FILE = 0x0F;
    private static final int K_ANTI = 0x10;
    private static final int K_NAME = 0x11;
    private static final int K_WIN_ATTRIBUTES = 0x15;
    private static final int K_ENCODED_HEADER = 0x17;
    private static final int K_DUMMY = 0x19;

    private final Blob blob;
    private final int maxEntries;
    private final long decoderMemory;
    private final TimeCheck time;

    private SevenZipReader(Blob blob, int maxEntries, long decoderMemory, TimeCheck time) {
        this.blob = blob;
        this.maxEntries = maxEntries;
        this.decoderMemory = decoderMemory;
        this.time = time;
    }

    /**
     * Reads the structure.
     *
     * @param maxEntries    most files, folders and packed streams accepted (the member budget)
     * @param decoderMemory most memory a decoder of a packed header may use, in bytes
     * @throws ScanAbort malformed structure, a budget exceeded, or a packed header that cannot be decoded
     *                   (its message names the reason, e.g. an encrypted header)
     */
    public static SevenZipLayout read(Blob blob, int maxEntries, long decoderMemory, TimeCheck time)
            throws ScanAbort {
        return new SevenZipReader(blob, maxEntries, decoderMemory, time).read();
    }

    private SevenZipLayout read() throws ScanAbort {
        if (blob.size() < SIGNATURE_SIZE || !Magic.startsWith(blob.head(6), '7', 'z', 0xbc, 0xaf, 0x27, 0x1c)) {
            throw ScanAbort.malformed(0, "7z signature header missing or short");
        }
        long nextOffset = LittleEndian.u64(blob, 12);
        long nextSize = LittleEndian.u64(blob, 20);
        long start = SIGNATURE_SIZE + nextOffset;
        if (nextOffset < 0 || nextSize < 0 || nextOffset > blob.size() || start > blob.size()
                || nextSize > blob.size() - start) {
            throw ScanAbort.malformed(12, "7z next header (offset " + nextOffset + ", " + nextSize
                    + " bytes) lies outside the " + blob.size() + "-byte file");
        }
        if (nextSize == 0) {
            return new SevenZipLayout(List.of(), List.of());
        }
        if (nextSize > MAX_HEADER) {
            throw ScanAbort.budget(12, "7z header of " + nextSize + " bytes is over the limit of " + MAX_HEADER);
        }
        Cursor c = new Cursor(blob.head(start, (int) nextSize), start);
        for (int depth = 0; ; depth++) {
            int id = c.u8();
            if (id == K_HEADER) {
                return header(c);
            }
            if (id != K_ENCODED_HEADER) {
                throw c.malformed("7z header starts with property " + id + ", not a header or packed header");
            }
            if (depth >= MAX_NESTED_HEADERS) {
                throw c.malformed("7z packed headers nested more than " + MAX_NESTED_HEADERS + " deep");
            }
            c = unpackHeader(c);
        }
    }

    /** kEncodedHeader: streams info whose first folder holds the real header. */
    private Cursor unpackHeader(Cursor c) throws ScanAbort {
        List<SevenZipLayout.Folder> folders = streamsInfo(c);
        if (folders.isEmpty()) {
            throw c.malformed("7z packed header has no folder");
        }
        SevenZipLayout.Folder f = folders.getFirst();
        long size = f.unpackSize();
        if (size > MAX_HEADER) {
            throw ScanAbort.budget(c.offset(), "7z packed header unpacks to " + size + " bytes, over the limit of "
                    + MAX_HEADER);
        }
        for (SevenZipLayout.Coder coder : f.coders()) {
            if (SevenZipCoders.isEncryption(coder.methodId())) {
                throw new EncryptedHeader();
            }
        }
        byte[] header;
        try (InputStream in = SevenZipCoders.open(blob, f, decoderMemory)) {
            header = in.readNBytes((int) size);
        } catch (SevenZipCoders.UnsupportedCoder e) {
            throw ScanAbort.malformed(c.offset(), "7z packed header uses coder " + e.getMessage()
                    + ", which cannot be decoded");
        } catch (SevenZipCoders.OverMemory e) {
            throw ScanAbort.budget(c.offset(), "7z packed header: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw ScanAbort.malformed(c.offset(), "7z packed header cannot be decoded: "
                    + CompressedStreamHandler.message(e));
        }
        if (header.length != size) {
            throw ScanAbort.malformed(c.offset(), "7z packed header is truncated: " + header.length + " of " + size
                    + " bytes");
        }
        return new Cursor(header, -1);
    }

    /** Thrown when the header itself is encrypted: nothing can be listed without the password. */
    public static final class EncryptedHeader extends ScanAbort {
        EncryptedHeader() {
            super(org.mlgate.core.Problem.Kind.MALFORMED, -1, "the 7z header is encrypted");
        }
    }

    private SevenZipLayout header(Cursor c) throws ScanAbort {
        int id = c.u8();
        if (id == K_ARCHIVE_PROPERTIES) {
            for (int t = c.u8(); t != K_END; t = c.u8()) {
                c.skip(c.number());
            }
            id = c.u8();
        }
        if (id == K_ADDITIONAL_STREAMS) {
            throw c.malformed("7z additional header streams are not supported");
        }
        List<SevenZipLayout.Folder> folders = List.of();
        if (id == K_MAIN_STREAMS) {
            folders = streamsInfo(c);
            id = c.u8();
        }
        List<SevenZipLayout.File> files = List.of();
        if (id == K_FILES) {
            files = filesInfo(c, folders);
            id = c.u8();
        } else {
            for (SevenZipLayout.Folder f : folders) {
                if (f.substreams().length > 0) {
                    throw c.malformed("7z archive has packed data but no file list");
                }
            }
        }
        if (id != K_END) {
            throw c.malformed("7z header: unexpected property " + id);
        }
        return new SevenZipLayout(folders, files);
    }

    private List<SevenZipLayout.Folder> streamsInfo(Cursor c) throws ScanAbort {
        long packPos = 0;
        long[] packSizes = new long[0];
        int id = c.u8();
        if (id == K_PACK_INFO) {
            packPos = c.number();
            int n = c.members("packed streams", maxEntries);
            id = c.u8();
            if (id == K_SIZE) {
                packSizes = new long[n];
                for (int i = 0; i < n; i++) {
                    packSizes[i] = c.number();
                }
                id = c.u8();
            } else if (n > 0) {
                throw c.malformed("7z pack info lists " + n + " streams without sizes");
            }
            if (id == K_CRC) {
                digests(c, n);
                id = c.u8();
            }
            if (id != K_END) {
                throw c.malformed("7z pack info: unexpected property " + id);
            }
            id = c.u8();
        }
        List<FolderBuilder> folders = new ArrayList<>();
        if (id == K_UNPACK_INFO) {
            if (c.u8() != K_FOLDER) {
                throw c.malformed("7z unpack info without folders");
            }
            int n = c.members("folders", maxEntries);
            if (c.u8() != 0) {
                throw c.malformed("7z folders stored outside the header are not supported");
            }
            for (int i = 0; i < n; i++) {
                time.check();
                folders.add(folder(c));
            }
            if (c.u8() != K_CODERS_UNPACK_SIZE) {
                throw c.malformed("7z unpack info without coder output sizes");
            }
            for (FolderBuilder f : folders) {
                for (int i = 0; i < f.unpackSizes.length; i++) {
                    f.unpackSizes[i] = c.number();
                }
            }
            id = c.u8();
            if (id == K_CRC) {
                java.util.BitSet defined = digests(c, n);
                for (int i = 0; i < n; i++) {
                    folders.get(i).crcDefined = defined.get(i);
                }
                id = c.u8();
            }
            if (id != K_END) {
                throw c.malformed("7z unpack info: unexpected property " + id);
            }
            id = c.u8();
        }
        for (FolderBuilder f : folders) {
            f.substreams = new long[] {f.unpackSizes[f.mainOut()]};
        }
        if (id == K_SUBSTREAMS) {
            substreams(c, folders);
            id = c.u8();
        }
        if (id != K_END) {
            throw c.malformed("7z streams info: unexpected property " + id);
        }
        return place(c, folders, packPos, packSizes);
    }

    /** Assigns packed streams to folders in order and checks they lie inside the file. */
    private List<SevenZipLayout.Folder> place(Cursor c, List<FolderBuilder> folders, long packPos, long[] packSizes)
            throws ScanAbort {
        long at = SIGNATURE_SIZE + packPos;
        if (packPos < 0 || at > blob.size()) {
            throw c.malformed("7z packed streams start at " + packPos + ", outside the file");
        }
        int next = 0;
        List<SevenZipLayout.Folder> out = new ArrayList<>(folders.size());
        for (int fi = 0; fi < folders.size(); fi++) {
            FolderBuilder f = folders.get(fi);
            long[] offsets = new long[f.packedIn.length];
            long[] sizes = new long[f.packedIn.length];
            for (int i = 0; i < f.packedIn.length; i++) {
                if (next >= packSizes.length) {
                    throw c.malformed("7z folder " + fi + " needs more packed streams than the " + packSizes.length
                            + " listed");
                }
                long size = packSizes[next++];
                if (size < 0 || size > blob.size() - at) {
                    throw c.malformed("7z packed stream " + (next - 1) + " (" + size + " bytes at " + at
                            + ") runs past the end of the " + blob.size() + "-byte file");
                }
                offsets[i] = at;
                sizes[i] = size;
                at += size;
            }
            out.add(new SevenZipLayout.Folder(List.copyOf(f.coders), f.bindIn, f.bindOut, f.packedIn, offsets, sizes,
                    f.unpackSizes, f.substreams));
        }
        return out;
    }

    private static final class FolderBuilder {
        final List<SevenZipLayout.Coder> coders = new ArrayList<>();
        int[] bindIn;
        int[] bindOut;
        int[] packedIn;
        long[] unpackSizes;
        long[] substreams;
        boolean crcDefined;

        int mainOut() {
            outer:
            for (int o = 0; o < unpackSizes.length; o++) {
                for (int b : bindOut) {
                    if (b == o) {
                        continue outer;
                    }
                }
                return o;
            }
            return -1;
        }
    }

    private FolderBuilder folder(Cursor c) throws ScanAbort {
        FolderBuilder f = new FolderBuilder();
        int numCoders = c.count("coders", MAX_CODERS);
        if (numCoders == 0) {
            throw c.malformed("7z folder without coders");
        }
        int totalIn = 0;
        int totalOut = 0;
        for (int i = 0; i < numCoders; i++) {
            int flags = c.u8();
            if ((flags & 0xC0) != 0) {
                throw c.malformed("7z coder flags 0x" + Integer.toHexString(flags) + " (alternative methods or "
                        + "reserved bit) are not supported");
            }
            byte[] id = c.bytes(flags & 0x0F);
            int in = 1;
            int out = 1;
            if ((flags & 0x10) != 0) {
                in = c.count("coder in streams", MAX_CODER_STREAMS);
                out = c.count("coder out streams", MAX_CODER_STREAMS);
            }
            byte[] props = new byte[0];
            if ((flags & 0x20) != 0) {
                props = c.bytes(c.count("coder property bytes", 1 << 16));
            }
            f.coders.add(new SevenZipLayout.Coder(id, in, out, props));
            totalIn += in;
            totalOut += out;
        }
        if (totalOut == 0) {
            throw c.malformed("7z folder has no output stream");
        }
        int bindPairs = totalOut - 1;
        if (bindPairs > totalIn) {
            throw c.malformed("7z folder has more outputs (" + totalOut + ") than inputs can bind");
        }
        f.bindIn = new int[bindPairs];
        f.bindOut = new int[bindPairs];
        for (int i = 0; i < bindPairs; i++) {
            f.bindIn[i] = c.count("bind pair in stream", totalIn - 1);
            f.bindOut[i] = c.count("bind pair out stream", totalOut - 1);
        }
        if (distinct(f.bindIn) || distinct(f.bindOut)) {
            throw c.malformed("7z folder binds a stream twice");
        }
        int packed = totalIn - bindPairs;
        f.packedIn = new int[packed];
        if (packed == 1) {
            for (int i = 0; i < totalIn; i++) {
                if (!contains(f.bindIn, i)) {
                    f.packedIn[0] = i;
                    break;
                }
            }
        } else {
            for (int i = 0; i < packed; i++) {
                f.packedIn[i] = c.count("packed stream index", totalIn - 1);
                if (contains(f.bindIn, f.packedIn[i])) {
                    throw c.malformed("7z folder reads in stream " + f.packedIn[i] + " both packed and bound");
                }
            }
            if (distinct(f.packedIn)) {
                throw c.malformed("7z folder lists a packed stream twice");
            }
        }
        f.unpackSizes = new long[totalOut];
        if (f.mainOut() < 0) {
            throw c.malformed("7z folder has no unbound output");
        }
        return f;
    }

    private static boolean distinct(int[] a) {
        int[] s = a.clone();
        Arrays.sort(s);
        for (int i = 1; i < s.length; i++) {
            if (s[i] == s[i - 1]) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private void substreams(Cursor c, List<FolderBuilder> folders) throws ScanAbort {
        int[] counts = new int[folders.size()];
        Arrays.fill(counts, 1);
        int id = c.u8();
        long total = folders.size();
        if (id == K_NUM_UNPACK_STREAM) {
            total = 0;
            for (int i = 0; i < counts.length; i++) {
                counts[i] = c.members("substreams", maxEntries);
                total += counts[i];
                if (total > maxEntries) {
                    throw ScanAbort.budget(c.offset(), "7z archive has more than " + maxEntries + " streams");
                }
            }
            id = c.u8();
        }
        boolean sizes = id == K_SIZE;
        for (int i = 0; i < counts.length; i++) {
            FolderBuilder f = folders.get(i);
            long folderSize = f.unpackSizes[f.mainOut()];
            long[] s = new long[counts[i]];
            long sum = 0;
            for (int k = 0; k + 1 < counts[i]; k++) {
                if (!sizes) {
                    throw c.malformed("7z folder " + i + " holds " + counts[i] + " files but no sizes are given");
                }
                s[k] = c.number();
                sum += s[k];
                if (s[k] < 0 || sum < 0 || sum > folderSize) {
                    throw c.malformed("7z folder " + i + ": file sizes add up to more than its "
                            + folderSize + " bytes");
                }
            }
            if (counts[i] > 0) {
                s[counts[i] - 1] = folderSize - sum;
            }
            f.substreams = s;
        }
        if (sizes) {
            id = c.u8();
        }
        if (id == K_CRC) {
            // one digest per stream whose CRC the folder does not already give
            int unknown = 0;
            for (int i = 0; i < counts.length; i++) {
                unknown += counts[i] == 1 && folders.get(i).crcDefined ? 0 : counts[i];
            }
            digests(c, unknown);
            id = c.u8();
        }
        if (id != K_END) {
            throw c.malformed("7z substreams info: unexpected property " + id);
        }
    }

    private static java.util.BitSet digests(Cursor c, int n) throws ScanAbort {
        java.util.BitSet defined = c.u8() != 0 ? all(n) : c.bits(n);
        c.skip(4L * defined.cardinality());
        return defined;
    }

    private List<SevenZipLayout.File> filesInfo(Cursor c, List<SevenZipLayout.Folder> folders) throws ScanAbort {
        int n = c.members("files", maxEntries);
        java.util.BitSet emptyStream = new java.util.BitSet();
        java.util.BitSet emptyFile = new java.util.BitSet();
        java.util.BitSet anti = new java.util.BitSet();
        String[] names = new String[n];
        long[] attributes = new long[n];
        Arrays.fill(attributes, -1);
        int numEmpty = 0;
        for (int type = c.u8(); type != K_END; type = c.u8()) {
            time.check();
            long size = c.number();
            if (size < 0 || size > c.left()) {
                throw c.malformed("7z file property " + type + " of " + size + " bytes runs past the header");
            }
            int end = c.pos + (int) size;
            switch (type) {
                case K_EMPTY_STREAM -> {
                    emptyStream = c.bits(n);
                    numEmpty = emptyStream.cardinality();
                }
                case K_EMPTY_FILE -> emptyFile = c.bits(numEmpty);
                case K_ANTI -> anti = c.bits(numEmpty);
                case K_NAME -> names(c, names, end);
                case K_WIN_ATTRIBUTES -> {
                    java.util.BitSet defined = c.u8() != 0 ? all(n) : c.bits(n);
                    if (c.u8() != 0) {
                        throw c.malformed("7z attributes stored outside the header are not supported");
                    }
                    for (int i = defined.nextSetBit(0); i >= 0; i = defined.nextSetBit(i + 1)) {
                        attributes[i] = c.u32();
                    }
                }
                default -> { }
            }
            if (type != K_DUMMY && c.pos > end) {
                throw c.malformed("7z file property " + type + " is longer than its declared " + size + " bytes");
            }
            c.pos = end;
        }
        List<SevenZipLayout.File> files = new ArrayList<>(n);
        int folder = 0;
        int sub = 0;
        int emptyIndex = 0;
        for (int i = 0; i < n; i++) {
            String name = names[i] == null ? "(unnamed)" : names[i];
            if (emptyStream.get(i)) {
                boolean isEmptyFile = emptyFile.get(emptyIndex);
                boolean isAnti = anti.get(emptyIndex);
                emptyIndex++;
                files.add(new SevenZipLayout.File(name, false, !isEmptyFile, isAnti, attributes[i], -1, 0));
                continue;
            }
            while (folder < folders.size() && sub >= folders.get(folder).substreams().length) {
                folder++;
                sub = 0;
            }
            if (folder >= folders.size()) {
                throw c.malformed("7z lists more files with data than its folders hold (file " + i + ")");
            }
            long size = folders.get(folder).substreams()[sub++];
            files.add(new SevenZipLayout.File(name, true, false, false, attributes[i], folder, size));
        }
        return files;
    }

    private static java.util.BitSet all(int n) {
        java.util.BitSet b = new java.util.BitSet(n);
        b.set(0, n);
        return b;
    }

    private static void names(Cursor c, String[] names, int end) throws ScanAbort {
        if (c.u8() != 0) {
            throw c.malformed("7z names stored outside the header are not supported");
        }
        for (int i = 0; i < names.length; i++) {
            int start = c.pos;
            while (true) {
                if (c.pos + 2 > end) {
                    throw c.malformed("7z file name " + i + " is not terminated");
                }
                if (c.data[c.pos] == 0 && c.data[c.pos + 1] == 0) {
                    break;
                }
                c.pos += 2;
            }
            names[i] = new String(c.data, start, c.pos - start, StandardCharsets.UTF_16LE);
            c.pos += 2;
        }
    }

    /** A position in a header held in memory; {@code base} is its file offset, or -1 for a decoded header. */
    private static final class Cursor {
        final byte[] data;
        final long base;
        int pos;

        Cursor(byte[] data, long base) {
            this.data = data;
            this.base = base;
        }

        long offset() {
            return base < 0 ? -1 : base + pos;
        }

        int left() {
            return data.length - pos;
        }

        ScanAbort malformed(String message) {
            return ScanAbort.malformed(offset(), message + (base < 0 ? " (in the packed header, at byte " + pos + ")"
                    : ""));
        }

        private void need(long n) throws ScanAbort {
            if (n < 0 || n > left()) {
                throw malformed("7z header is truncated (needs " + n + " more bytes, " + left() + " left)");
            }
        }

        int u8() throws ScanAbort {
            need(1);
            return data[pos++] & 0xFF;
        }

        long u32() throws ScanAbort {
            need(4);
            long v = (data[pos] & 0xFFL) | (data[pos + 1] & 0xFFL) << 8 | (data[pos + 2] & 0xFFL) << 16
                    | (data[pos + 3] & 0xFFL) << 24;
            pos += 4;
            return v;
        }

        byte[] bytes(int n) throws ScanAbort {
            need(n);
            byte[] b = Arrays.copyOfRange(data, pos, pos + n);
            pos += n;
            return b;
        }

        void skip(long n) throws ScanAbort {
            need(n);
            pos += (int) n;
        }

        /** 7z's variable-length number: leading one bits of the first byte say how many bytes follow. */
        long number() throws ScanAbort {
            int first = u8();
            int mask = 0x80;
            long value = 0;
            for (int i = 0; i < 8; i++) {
                if ((first & mask) == 0) {
                    long high = first & (mask - 1);
                    return value + (high << (8 * i));
                }
                value |= (long) u8() << (8 * i);
                mask >>>= 1;
            }
            return value;
        }

        /** A number used as a count or index, at most {@code max}. */
        int count(String what, int max) throws ScanAbort {
            long v = number();
            if (v < 0 || v > max) {
                throw malformed("7z " + what + ": " + Long.toUnsignedString(v) + " is more than the limit of " + max);
            }
            return (int) v;
        }

        /** A count of archive members or streams: over the member budget is a budget problem. */
        int members(String what, int max) throws ScanAbort {
            long v = number();
            if (v < 0 || v > max) {
                throw ScanAbort.budget(offset(), "7z archive lists " + Long.toUnsignedString(v) + " " + what
                        + ", more than the member budget of " + max);
            }
            return (int) v;
        }

        java.util.BitSet bits(int n) throws ScanAbort {
            need((n + 7L) / 8);
            java.util.BitSet b = new java.util.BitSet(n);
            for (int i = 0; i < n; i++) {
                if ((data[pos + (i >>> 3)] & (0x80 >>> (i & 7))) != 0) {
                    b.set(i);
                }
            }
            pos += (n + 7) / 8;
            return b;
        }
    }
}
