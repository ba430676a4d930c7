package org.mlgate.scan.container;

import java.util.ArrayList;
import java.util.List;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;

/**
 * Walks the frames of a zstd stream without decoding them (block headers carry their sizes), so window
 * sizes can be checked before a decoder allocates its window, skippable frames dropped, and the exact
 * end of the last complete frame known.
 *
 * @param frames  byte ranges [start, end) of the data frames, in order
 * @param end     where the last complete frame (or skippable frame) ends
 * @param problem why walking stopped before the end of the blob, or null
 */
record ZstdFrames(List<long[]> frames, long end, String problem) {
    static final int MAGIC = 0xFD2FB528;
    /** zstd's own default decoding limit (ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27). */
    static final long MAX_WINDOW = 1L << 27;

    static ZstdFrames walk(Blob blob, TimeCheck time) throws ScanAbort {
        List<long[]> frames = new ArrayList<>();
        long pos = 0;
        int steps = 0;
        while (pos < blob.size()) {
            if (!LittleEndian.fits(blob, pos, 4)) {
                return new ZstdFrames(frames, pos, "truncated frame magic at offset " + pos);
            }
            long magic = LittleEndian.u32(blob, pos);
            if ((magic & 0xFFFFFFF0L) == 0x184D2A50L) {
                if (!LittleEndian.fits(blob, pos, 8)) {
                    return new ZstdFrames(frames, pos, "truncated skippable frame at offset " + pos);
                }
                long next = pos + 8 + LittleEndian.u32(blob, pos + 4);
                if (next > blob.size()) {
                    return new ZstdFrames(frames, pos, "skippable frame at offset " + pos + " runs past the end");
                }
                pos = next;
                continue;
            }
            if ((int) magic != MAGIC) {
                return new ZstdFrames(frames, pos, String.format("%d bytes at offset %d are not a zstd frame",
                        blob.size() - pos, pos));
            }
            if (!LittleEndian.fits(blob, pos, 6)) {
                return new ZstdFrames(frames, pos, "truncated frame header at offset " + pos);
            }
            int fhd = blob.u8(pos + 4);
            if ((fhd & 0x08) != 0) {
                return new ZstdFrames(frames, pos, "reserved bit set in the frame header at offset " + pos);
            }
            boolean single = (fhd & 0x20) != 0;
            int dictBytes = new int[] {0, 1, 2, 4}[fhd & 3];
            int fcsBytes = new int[] {single ? 1 : 0, 2, 4, 8}[fhd >>> 6];
            long p = pos + 5;
            long window = 0;
            if (!single) {
                int wd = blob.u8(p++);
                long base = 1L << (10 + (wd >>> 3));
                window = base + (base / 8) * (wd & 7);
            }
            if (!LittleEndian.fits(blob, p, dictBytes + fcsBytes)) {
                return new ZstdFrames(frames, pos, "truncated frame header at offset " + pos);
            }
            long dictId = dictBytes == 0 ? 0 : readLe(blob, p, dictBytes);
            p += dictBytes;
            if (single) {
                long fcs = readLe(blob, p, fcsBytes) + (fcsBytes == 2 ? 256 : 0);
                window = fcs < 0 ? Long.MAX_VALUE : fcs;
            }
            p += fcsBytes;
            if (dictId != 0) {
                throw ScanAbort.malformed(pos, "zstd frame needs dictionary " + dictId + ", which no loader supplies");
            }
            if (window > MAX_WINDOW) {
                throw ScanAbort.budget(pos, "zstd frame window of " + window + " bytes is larger than the "
                        + MAX_WINDOW + "-byte limit zstd itself applies by default");
            }
            boolean last = false;
            while (!last) {
                if (++steps % 4096 == 0) {
                    time.check();
                }
                if (!LittleEndian.fits(blob, p, 3)) {
                    return new ZstdFrames(frames, pos, "zstd frame at offset " + pos + " is truncated");
                }
                int bh = blob.u8(p) | (blob.u8(p + 1) << 8) | (blob.u8(p + 2) << 16);
                last = (bh & 1) != 0;
                int type = (bh >>> 1) & 3;
                long size = bh >>> 3;
                if (type == 3) {
                    return new ZstdFrames(frames, pos, "reserved block type at offset " + p);
                }
                p += 3 + (type == 1 ? 1 : size);
                if (p > blob.size()) {
                    return new ZstdFrames(frames, pos, "zstd frame at offset " + pos + " is truncated");
                }
            }
            if ((fhd & 0x04) != 0) {
                p += 4;
                if (p > blob.size()) {
                    return new ZstdFrames(frames, pos, "zstd frame at offset " + pos + " is truncated");
                }
            }
            frames.add(new long[] {pos, p});
            pos = p;
        }
        return new ZstdFrames(frames, pos, null);
    }

    private static long readLe(Blob blob, long p, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | blob.u8(p + i);
        }
        return v;
    }
}
