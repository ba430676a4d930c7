package org.mlgate.scan.container;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;

/**
 * The central directory of a ZIP archive, read the lenient way PyTorch's miniz reads it: members are
 * what the central directory lists, and each member's data starts right after its LOCAL header (local
 * name and extra lengths), whatever else the local header says. Everything a strict reader would reject
 * is kept as an {@link Anomaly} for the handler to report. Parsing is bounded by the blob, the member
 * budget and the caller's time check; malformed structure throws {@link ScanAbort}.
 *
 * @param prepended   bytes before the archive proper (self-extractor stub, or a hidden payload)
 * @param eocdOffset  where the End Of Central Directory record starts
 * @param trailing    bytes after the EOCD record and its comment
 * @param entries     central directory records in order
 * @param anomalies   structure a strict reader would reject
 */
public record ZipDirectory(long prepended, long eocdOffset, long trailing, List<ZipEntry> entries,
                           List<Anomaly> anomalies) {
    static final int LOCAL_SIG = 0x04034b50;
    static final int CENTRAL_SIG = 0x02014b50;
    static final int EOCD_SIG = 0x06054b50;
    static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    static final int ZIP64_EOCD_SIG = 0x06064b50;
    static final int EOCD_SIZE = 22;
    static final int CENTRAL_SIZE = 46;
    static final int LOCAL_SIZE = 30;
    static final int ZIP64_LOCATOR_SIZE = 20;
    static final int ZIP64_EOCD_SIZE = 56;
    private static final int MAX_COMMENT = 0xffff;
    private static final long MAGIC32 = 0xffffffffL;

    /** Something about the structure that loaders disagree on, with where it is. */
    public record Anomaly(long offset, String at, String message) { }

    public ZipDirectory {
        entries = List.copyOf(entries);
        anomalies = List.copyOf(anomalies);
    }

    /** Cheap content test: a local header at 0, or an EOCD record that ends exactly at the end of the blob. */
    public static boolean sniff(Blob blob) {
        if (blob.size() >= 4 && LittleEndian.u32(blob, 0) == LOCAL_SIG) {
            return true;
        }
        long eocd = findEocd(blob, true);
        if (eocd < 0) {
            return false;
        }
        // The EOCD must point at a central directory (or be a ZIP64 one / an empty archive) to count.
        long cdSize = LittleEndian.u32(blob, eocd + 12);
        long cdOffset = LittleEndian.u32(blob, eocd + 16);
        if (cdSize == MAGIC32 || cdOffset == MAGIC32) {
            return true;
        }
        if (cdSize == 0) {
            return LittleEndian.u16(blob, eocd + 10) == 0;
        }
        long start = cdSize <= eocd ? eocd - cdSize : -1;
        return start >= 0 && LittleEndian.u32(blob, start) == CENTRAL_SIG;
    }

    /**
     * Searches backwards from the end (within the last 64 KiB + 22 bytes) for an EOCD signature whose
     * comment fits in the blob; with {@code exact} the comment must end exactly at the end of the blob.
     * Returns its offset, or -1.
     */
    static long findEocd(Blob blob, boolean exact) {
        long size = blob.size();
        if (size < EOCD_SIZE) {
            return -1;
        }
        long lowest = Math.max(0, size - EOCD_SIZE - MAX_COMMENT);
        for (long pos = size - EOCD_SIZE; pos >= lowest; pos--) {
            if (blob.u8(pos) == 'P' && blob.u8(pos + 1) == 'K' && LittleEndian.u32(blob, pos) == EOCD_SIG) {
                long end = pos + EOCD_SIZE + LittleEndian.u16(blob, pos + 20);
                if (exact ? end == size : end <= size) {
                    return pos;
                }
            }
        }
        return -1;
    }

    /** Reads the directory, stopping with a budget problem past {@code maxMembers} entries. */
    public static ZipDirectory read(Blob blob, int maxMembers, TimeCheck time) throws ScanAbort {
        List<Anomaly> anomalies = new ArrayList<>();
        long eocd = findEocd(blob, false);
        if (eocd < 0) {
            throw ScanAbort.malformed(blob.size(), "no End Of Central Directory record in the last "
                    + (EOCD_SIZE + MAX_COMMENT) + " bytes (archive truncated?)");
        }
        long trailing = blob.size() - (eocd + EOCD_SIZE + LittleEndian.u16(blob, eocd + 20));
        if (trailing > 0) {
            anomalies.add(new Anomaly(eocd, "EOCD", trailing + " bytes follow the end of the archive"));
        }
        int disk = LittleEndian.u16(blob, eocd + 4);
        int cdDisk = LittleEndian.u16(blob, eocd + 6);
        long entriesOnDisk = LittleEndian.u16(blob, eocd + 8);
        long declaredEntries = LittleEndian.u16(blob, eocd + 10);
        long cdSize = LittleEndian.u32(blob, eocd + 12);
        long cdOffset = LittleEndian.u32(blob, eocd + 16);
        long dirEnd = eocd; // the central directory ends where the (ZIP64) EOCD starts

        boolean hasLocator = eocd >= ZIP64_LOCATOR_SIZE
                && LittleEndian.u32(blob, eocd - ZIP64_LOCATOR_SIZE) == ZIP64_LOCATOR_SIG;
        boolean needsZip64 = declaredEntries == 0xffff || entriesOnDisk == 0xffff || cdSize == MAGIC32
                || cdOffset == MAGIC32;
        if (hasLocator) {
            long locator = eocd - ZIP64_LOCATOR_SIZE;
            long z64 = zip64Eocd(blob, locator, anomalies);
            long z64Entries = LittleEndian.u64(blob, z64 + 32);
            long z64CdSize = LittleEndian.u64(blob, z64 + 40);
            long z64CdOffset = LittleEndian.u64(blob, z64 + 48);
            if (z64Entries < 0 || z64CdSize < 0 || z64CdOffset < 0) {
                throw ScanAbort.malformed(z64, "ZIP64 end of central directory has sizes above 2^63");
            }
            disk = (int) Math.min(Integer.MAX_VALUE, LittleEndian.u32(blob, z64 + 16));
            cdDisk = (int) Math.min(Integer.MAX_VALUE, LittleEndian.u32(blob, z64 + 20));
            declaredEntries = z64Entries;
            cdSize = z64CdSize;
            cdOffset = z64CdOffset;
            dirEnd = z64;
        } else if (needsZip64) {
            throw ScanAbort.malformed(eocd, "EOCD record has ZIP64 markers but no ZIP64 locator precedes it");
        }
        if (disk != 0 || cdDisk != 0) {
            throw ScanAbort.malformed(eocd, "multi-disk (spanned) archive: disk " + disk + ", directory on disk "
                    + cdDisk);
        }
        if (declaredEntries > maxMembers) {
            throw ScanAbort.budget(eocd, "archive declares " + declaredEntries + " members, more than the budget of "
                    + maxMembers);
        }
        if (cdSize > dirEnd) {
            throw ScanAbort.malformed(eocd, "central directory size " + cdSize + " is larger than the "
                    + dirEnd + " bytes before its end record");
        }

        // Data prepended to the archive shifts every offset; Python's zipfile computes the shift the same way.
        long cdStart = dirEnd - cdSize;
        long prepended = cdStart - cdOffset;
        if (prepended < 0) {
            throw ScanAbort.malformed(eocd, "central directory offset " + cdOffset + " is past its end record at "
                    + dirEnd + (cdOffset >= blob.size() ? " (past the end of the file)" : ""));
        }
        if (prepended > 0) {
            anomalies.add(new Anomaly(0, null, prepended + " bytes precede the archive (offsets in the central "
                    + "directory are relative to byte " + prepended + ")"));
        }

        List<ZipEntry> entries = new ArrayList<>();
        long pos = cdStart;
        while (pos < dirEnd) {
            time.check();
            if (entries.size() >= maxMembers) {
                throw ScanAbort.budget(pos, "archive lists more than " + maxMembers + " members");
            }
            if (!LittleEndian.fits(blob, pos, CENTRAL_SIZE) || pos + CENTRAL_SIZE > dirEnd) {
                throw ScanAbort.malformed(pos, "central directory record truncated");
            }
            if (LittleEndian.u32(blob, pos) != CENTRAL_SIG) {
                throw ScanAbort.malformed(pos, String.format("bad central directory signature 0x%08x",
                        LittleEndian.u32(blob, pos)));
            }
            int nameLen = LittleEndian.u16(blob, pos + 28);
            int extraLen = LittleEndian.u16(blob, pos + 30);
            int commentLen = LittleEndian.u16(blob, pos + 32);
            long next = pos + CENTRAL_SIZE + nameLen + extraLen + commentLen;
            if (next > dirEnd) {
                throw ScanAbort.malformed(pos, "central directory record runs past the end of the directory");
            }
            entries.add(entry(blob, entries.size(), pos, prepended, anomalies));
            pos = next;
        }
        if (entries.size() != declaredEntries) {
            anomalies.add(new Anomaly(eocd, "EOCD", "end record declares " + declaredEntries
                    + " members, the central directory lists " + entries.size()));
        }
        return new ZipDirectory(prepended, eocd, Math.max(0, trailing), entries, anomalies);
    }

    /** Finds the ZIP64 EOCD record through the locator (miniz), or right before it (Python's zipfile). */
    private static long zip64Eocd(Blob blob, long locator, List<Anomaly> anomalies) throws ScanAbort {
        long recorded = LittleEndian.u64(blob, locator + 8);
        long total = LittleEndian.u32(blob, locator + 16);
        if (total > 1) {
            throw ScanAbort.malformed(locator, "ZIP64 locator says the archive spans " + total + " disks");
        }
        if (isZip64Eocd(blob, recorded, locator)) {
            return recorded;
        }
        long adjacent = locator - ZIP64_EOCD_SIZE;
        if (isZip64Eocd(blob, adjacent, locator)) {
            anomalies.add(new Anomaly(locator, "ZIP64 locator", "locator points to " + recorded
                    + " but the ZIP64 end record is at " + adjacent));
            return adjacent;
        }
        throw ScanAbort.malformed(locator, "ZIP64 locator points to " + recorded
                + ", where there is no ZIP64 end of central directory record");
    }

    private static boolean isZip64Eocd(Blob blob, long offset, long locator) {
        // written as a subtraction: offset + size overflows for offsets near Long.MAX_VALUE (found by fuzzing)
        return offset >= 0 && offset <= locator - ZIP64_EOCD_SIZE && LittleEndian.u32(blob, offset) == ZIP64_EOCD_SIG;
    }

    private static ZipEntry entry(Blob blob, int index, long pos, long prepended, List<Anomaly> anomalies)
            throws ScanAbort {
        int madeBy = LittleEndian.u16(blob, pos + 4);
        int flags = LittleEndian.u16(blob, pos + 8);
        int method = LittleEndian.u16(blob, pos + 10);
        long crc = LittleEndian.u32(blob, pos + 16);
        long comp = LittleEndian.u32(blob, pos + 20);
        long size = LittleEndian.u32(blob, pos + 24);
        int nameLen = LittleEndian.u16(blob, pos + 28);
        int extraLen = LittleEndian.u16(blob, pos + 30);
        int diskStart = LittleEndian.u16(blob, pos + 34);
        long external = LittleEndian.u32(blob, pos + 38);
        long local = LittleEndian.u32(blob, pos + 42);
        byte[] rawName = blob.head(pos + CENTRAL_SIZE, nameLen);
        String name = decodeName(rawName, flags);

        // ZIP64 extended information: only the fields whose 32-bit value is saturated are present, in order.
        if (size == MAGIC32 || comp == MAGIC32 || local == MAGIC32 || diskStart == 0xffff) {
            long[] z = zip64Fields(blob, pos + CENTRAL_SIZE + nameLen, extraLen);
            int i = 0;
            if (size == MAGIC32) {
                size = field(z, i++, pos, name, "uncompressed size");
            }
            if (comp == MAGIC32) {
                comp = field(z, i++, pos, name, "compressed size");
            }
            if (local == MAGIC32) {
                local = field(z, i++, pos, name, "local header offset");
            }
        }
        if (size < 0 || comp < 0 || local < 0) {
            throw ScanAbort.malformed(pos, "member " + name + " has a size or offset above 2^63");
        }

        long localAbs = local + prepended;
        long dataOffset = -1;
        byte[] localName = null;
        String localProblem = null;
        if (!LittleEndian.fits(blob, localAbs, LOCAL_SIZE)) {
            localProblem = "local header offset " + localAbs + " is past the end of the file";
        } else if (LittleEndian.u32(blob, localAbs) != LOCAL_SIG) {
            localProblem = String.format("no local header at offset %d (signature 0x%08x)", localAbs,
                    LittleEndian.u32(blob, localAbs));
        } else {
            int lNameLen = LittleEndian.u16(blob, localAbs + 26);
            int lExtraLen = LittleEndian.u16(blob, localAbs + 28);
            localName = blob.head(localAbs + LOCAL_SIZE, lNameLen);
            dataOffset = localAbs + LOCAL_SIZE + lNameLen + lExtraLen;
            if (dataOffset > blob.size()) {
                localProblem = "local header of " + name + " runs past the end of the file";
                dataOffset = -1;
            } else if (LittleEndian.u16(blob, localAbs + 8) != method) {
                anomalies.add(new Anomaly(localAbs, name, "local header says compression method "
                        + LittleEndian.u16(blob, localAbs + 8) + ", central directory says " + method
                        + " (the central directory is used)"));
            }
        }
        return new ZipEntry(index, name, rawName, madeBy, flags, method, crc, comp, size, localAbs, external,
                dataOffset, localName, localProblem);
    }

    private static long field(long[] z, int i, long pos, String name, String what) throws ScanAbort {
        if (z == null || i >= z.length) {
            throw ScanAbort.malformed(pos, "member " + name + " needs a ZIP64 " + what
                    + " but its extra field does not have one");
        }
        return z[i];
    }

    /** The 64-bit values of the ZIP64 extra field (id 1) in an extra block, or null if there is none. */
    private static long[] zip64Fields(Blob blob, long start, int length) {
        long pos = start;
        long end = start + length;
        while (pos + 4 <= end) {
            int id = LittleEndian.u16(blob, pos);
            int size = LittleEndian.u16(blob, pos + 2);
            if (pos + 4 + size > end) {
                return null;
            }
            if (id == 1) {
                long[] out = new long[size / 8];
                for (int i = 0; i < out.length; i++) {
                    out[i] = LittleEndian.u64(blob, pos + 4 + 8L * i);
                }
                return out;
            }
            pos += 4 + size;
        }
        return null;
    }

    /**
     * Member names as text: UTF-8 when flagged or when the bytes are valid UTF-8 (many writers omit the
     * flag), else Latin-1 so every byte stays visible. Security checks only look at ASCII separators.
     */
    static String decodeName(byte[] raw, int flags) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return (flags & 0x800) != 0 ? new String(raw, StandardCharsets.UTF_8)
                    : new String(raw, StandardCharsets.ISO_8859_1);
        }
    }
}
