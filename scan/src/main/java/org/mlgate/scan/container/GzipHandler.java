package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;
import org.mlgate.scan.engine.Blob;

/**
 * gzip (joblib compress='gzip', *.gz): every member of a multi-member file, zero padding between members
 * allowed, anything else after them an error (as in Python's gzip module).
 */
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
        return new GzipMembersStream(blob.data()).open();
    }
}
