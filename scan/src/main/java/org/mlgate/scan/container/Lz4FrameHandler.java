package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.mlgate.scan.engine.Blob;

/**
 * LZ4 frames (joblib compress='lz4', which joblib.load reads wherever the lz4 package is installed),
 * concatenated frames included; decoded by commons-compress, checksums verified.
 */
public final class Lz4FrameHandler extends CompressedStreamHandler {
    @Override
    public String id() {
        return "lz4";
    }

    @Override
    public boolean sniff(Blob blob) {
        // frame magic 0x184D2204 little-endian, then a FLG byte whose version bits are 01
        return blob.size() >= 7 && Magic.startsWith(blob.head(4), 0x04, 0x22, 0x4d, 0x18)
                && (blob.u8(4) & 0xc0) == 0x40;
    }

    @Override
    InputStream open(Blob blob) throws IOException {
        return new FramedLZ4CompressorInputStream(new SegmentInputStream(blob.data()), true);
    }
}
