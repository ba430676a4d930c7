package org.mlgate.scan.container;

import java.io.InputStream;
import org.mlgate.scan.engine.Blob;

/**
 * A raw zlib stream (joblib compress='zlib'), or several back to back as joblib reads them. Only the
 * headers zlib itself writes (0x78 then 01/5E/9C/DA) are recognised, which no pickle opcode starts with.
 */
public final class ZlibHandler extends CompressedStreamHandler {
    @Override
    public String id() {
        return "zlib";
    }

    @Override
    public boolean sniff(Blob blob) {
        if (blob.size() < 6 || blob.u8(0) != 0x78) {
            return false;
        }
        int flg = blob.u8(1);
        return (flg == 0x01 || flg == 0x5e || flg == 0x9c || flg == 0xda) && ((0x78 << 8) | flg) % 31 == 0;
    }

    @Override
    InputStream open(Blob blob) {
        return InflatingStream.zlib(blob.data());
    }
}
