package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;
import org.mlgate.scan.engine.Blob;
import org.tukaani.xz.LZMAInputStream;

/**
 * The legacy "lzma alone" format (joblib compress='lzma'): a 13-byte header (properties, dictionary size,
 * uncompressed size) and a raw LZMA stream. It has no magic number, so the sniff checks what encoders
 * actually write: properties below 225, a dictionary size liblzma can produce (2^n or 2^n + 2^(n-1)),
 * an unknown (-1) or plausible size, and the range coder's first byte, which is always zero.
 */
public final class LzmaHandler extends CompressedStreamHandler {
    private static final long MAX_DECLARED_SIZE = 1L << 48;

    @Override
    public String id() {
        return "lzma";
    }

    @Override
    public boolean sniff(Blob blob) {
        if (blob.size() < 14 || blob.u8(0) >= 225 || blob.u8(13) != 0) {
            return false;
        }
        long dict = LittleEndian.u32(blob, 1);
        long size = LittleEndian.u64(blob, 5);
        return plausibleDictionary(dict) && (size == -1 || (size >= 0 && size < MAX_DECLARED_SIZE));
    }

    static boolean plausibleDictionary(long dict) {
        if (dict < 4096) {
            return false;
        }
        long top = Long.highestOneBit(dict);
        return dict == top || dict == top + (top >> 1);
    }

    @Override
    InputStream open(Blob blob) throws IOException {
        return new LZMAInputStream(new SegmentInputStream(blob.data()), DECODER_MEMORY_KIB);
    }
}
