package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.mlgate.scan.engine.Blob;

/** bzip2 (joblib compress='bz2'), concatenated streams included. */
public final class Bzip2Handler extends CompressedStreamHandler {
    @Override
    public String id() {
        return "bzip2";
    }

    @Override
    public boolean sniff(Blob blob) {
        // "BZh", block size '1'..'9', then a block header (pi) or the end-of-stream marker (sqrt(pi)).
        byte[] h = blob.head(10);
        if (h.length < 10 || h[0] != 'B' || h[1] != 'Z' || h[2] != 'h' || h[3] < '1' || h[3] > '9') {
            return false;
        }
        return Magic.startsWith(java.util.Arrays.copyOfRange(h, 4, 10), 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)
                || Magic.startsWith(java.util.Arrays.copyOfRange(h, 4, 10), 0x17, 0x72, 0x45, 0x38, 0x50, 0x90);
    }

    @Override
    InputStream open(Blob blob) throws IOException {
        return new BZip2CompressorInputStream(new SegmentInputStream(blob.data()), true);
    }
}
