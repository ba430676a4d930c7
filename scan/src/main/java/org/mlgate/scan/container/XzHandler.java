package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;
import org.mlgate.scan.engine.Blob;
import org.tukaani.xz.XZInputStream;

/** xz (joblib compress='xz'), with the decoder's dictionary memory capped. */
public final class XzHandler extends CompressedStreamHandler {
    @Override
    public String id() {
        return "xz";
    }

    @Override
    public boolean sniff(Blob blob) {
        return blob.size() >= 12 && Magic.startsWith(blob.head(7), 0xfd, '7', 'z', 'X', 'Z', 0x00, 0x00);
    }

    @Override
    InputStream open(Blob blob) throws IOException {
        return new XZInputStream(new SegmentInputStream(blob.data()), DECODER_MEMORY_KIB);
    }
}
