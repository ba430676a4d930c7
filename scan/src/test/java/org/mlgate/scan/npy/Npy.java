package org.mlgate.scan.npy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes .npy files from a header text, padded like numpy pads them. */
final class Npy {
    private Npy() {
    }

    static byte[] v1(String header, byte[] data) {
        return file(1, header, data);
    }

    static byte[] file(int major, String header, byte[] data) {
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int pre = major == 1 ? 10 : 12;
        int total = pre + h.length + 1;
        int pad = (64 - total % 64) % 64;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        int len = h.length + pad + 1;
        out.write(len & 0xff);
        out.write((len >>> 8) & 0xff);
        if (major != 1) {
            out.write((len >>> 16) & 0xff);
            out.write((len >>> 24) & 0xff);
        }
        out.writeBytes(h);
        out.writeBytes(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        out.writeBytes(data);
        return out.toByteArray();
    }

    static String header(String descr, String shape) {
        return "{'descr': " + descr + ", 'fortran_order': False, 'shape': " + shape + ", }";
    }
}
