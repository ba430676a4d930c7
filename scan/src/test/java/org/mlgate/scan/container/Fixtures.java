package org.mlgate.scan.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Small payloads shared by the container tests. */
final class Fixtures {
    /** A protocol-2 pickle of an empty list; only its first bytes matter to the recording handler. */
    static final byte[] PICKLE = {(byte) 0x80, 0x02, ']', 'q', 0x00, '.'};
    /** A protocol-4 pickle start, as torch.save writes data.pkl. */
    static final byte[] PICKLE4 = {(byte) 0x80, 0x04, (byte) 0x95, 0x05, 0, 0, 0, 0, 0, 0, 0, '}', (byte) 0x94, '.'};

    private Fixtures() {
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Compresses with a stream factory from some library. */
    static byte[] compress(IoFunction<OutputStream, OutputStream> factory, byte[] data) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (OutputStream out = factory.apply(bos)) {
                out.write(data);
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    interface IoFunction<A, B> {
        B apply(A a) throws IOException;
    }
}
