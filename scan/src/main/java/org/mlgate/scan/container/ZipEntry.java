package org.mlgate.scan.container;

import java.util.Arrays;

/**
 * One central directory record, with what its local header says. Offsets are absolute in the blob
 * (already shifted by any data prepended to the archive).
 *
 * @param index              position in the central directory
 * @param name               the central directory name (the one PyTorch and Python look members up by)
 * @param rawName            its bytes, for exact comparison with the local header's name
 * @param versionMadeBy      host system (high byte) and spec version
 * @param flags              general purpose bit flags
 * @param method             compression method (0 stored, 8 deflate, 99 AES, ...)
 * @param crc                CRC-32 from the central directory
 * @param compressedSize     bytes of (compressed) data
 * @param size               uncompressed bytes
 * @param localHeaderOffset  where the local header starts
 * @param externalAttributes host-specific attributes (unix mode in the high 16 bits)
 * @param dataOffset         local header + 30 + local name length + local extra length, as miniz computes
 *                           it; -1 when the local header is unusable
 * @param localRawName       the local header's name bytes (null when the local header is unusable)
 * @param localProblem       why the local header is unusable, or null
 */
public record ZipEntry(int index, String name, byte[] rawName, int versionMadeBy, int flags, int method, long crc,
                       long compressedSize, long size, long localHeaderOffset, long externalAttributes,
                       long dataOffset, byte[] localRawName, String localProblem) {
    static final int FLAG_ENCRYPTED = 0x1;
    static final int FLAG_PATCHED = 0x20;
    static final int FLAG_STRONG_ENCRYPTION = 0x40;
    static final int METHOD_STORED = 0;
    static final int METHOD_DEFLATED = 8;
    static final int METHOD_AES = 99;
    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;

    public boolean isDirectory() {
        return name.endsWith("/") && size == 0;
    }

    /** Unix mode bits say symbolic link (Info-ZIP stores the mode in the high 16 bits). */
    public boolean isSymlink() {
        return ((externalAttributes >>> 16) & S_IFMT) == S_IFLNK;
    }

    public boolean encryptionFlagged() {
        return (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) != 0;
    }

    public boolean localNameDiffers() {
        return localRawName != null && !Arrays.equals(rawName, localRawName);
    }

    /** Bytes the member occupies in the file, from its local header to the end of its data. */
    public long end() {
        return dataOffset < 0 ? localHeaderOffset + 30 : dataOffset + compressedSize;
    }
}
