package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.mlgate.scan.engine.Blob;

/** gzip (joblib compress='gzip', *.gz), all members of a multi-member file; garbage after them is an error. */
public final class GzipHandler extends CompressedStreamHandler {
    @Override
    public String id() {
        return "gzip";
    }

    @Override
    public boolean sniff(Blob blob) {
        // magic, method 8 (deflate, the only one defined) and no reserved flag bits
        return blob.size() >= 10 && blob.u8(0) == 0x1f && blob.u8(1) == 0x8b && blob.u8(2) == 8
                && (blob.u8(3) & 0xe0) == 0;
    }

    @Override
    InputStream open(Blob blob) throws IOException {
        return GzipCompressorInputStream.builder().setInputStream(new SegmentInputStream(blob.data()))
                .setDecompressConcatenated(true).get();
    }
}
