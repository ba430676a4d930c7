package org.mlgate.scan.container;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Writes the smallest valid 7z archive: one file in one folder with one coder, a plain header and correct
 * CRCs. For coders /usr/bin/7z (p7zip 16.02) cannot write (Zstandard, LZ4, Brotli from 7-Zip's zstd fork);
 * the packed bytes come from the codec's own encoder.
 */
final class MinimalSevenZip {
    private MinimalSevenZip() {
    }

    static byte[] archive(String name, byte[] methodId, byte[] properties, byte[] packed, long unpackedSize) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(0x01); // kHeader
        h.write(0x04); // kMainStreamsInfo
        h.write(0x06); // kPackInfo
        number(h, 0);
        number(h, 1);
        h.write(0x09);
        number(h, packed.length);
        h.write(0x00);
        h.write(0x07); // kUnpackInfo
        h.write(0x0B);
        number(h, 1);
        h.write(0x00);
        number(h, 1); // one coder
        h.write(methodId.length | (properties.length > 0 ? 0x20 : 0));
        h.writeBytes(methodId);
        if (properties.length > 0) {
            number(h, properties.length);
            h.writeBytes(properties);
        }
        h.write(0x0C);
        number(h, unpackedSize);
        h.write(0x00);
        h.write(0x00); // end of streams info
        h.write(0x05); // kFilesInfo
        number(h, 1);
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_16LE);
        h.write(0x11);
        number(h, n.length + 1L);
        h.write(0x00);
        h.writeBytes(n);
        h.write(0x00);
        h.write(0x00);
        byte[] header = h.toByteArray();

        ByteBuffer start = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        start.putLong(packed.length).putLong(header.length).putInt((int) crc(header));
        ByteBuffer out = ByteBuffer.allocate(32 + packed.length + header.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C, 0, 4});
        out.putInt((int) crc(start.array()));
        out.put(start.array());
        out.put(packed);
        out.put(header);
        return out.array();
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    /** 7z NUMBER, up to 2^56. */
    private static void number(ByteArrayOutputStream out, long v) {
        int extra = 0;
        while (extra < 8 && v >= 1L << (7 * (extra + 1))) {
            extra++;
        }
        int first = (0xFF00 >> extra) & 0xFF;
        out.write(first | (int) (v >>> (8 * extra)));
        for (int i = 0; i < extra; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }
}
