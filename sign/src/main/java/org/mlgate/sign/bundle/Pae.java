package org.mlgate.sign.bundle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** DSSE pre-authentication encoding, the bytes a DSSE signature is computed over. */
public final class Pae {
    private Pae() {
    }

    /** {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths in ASCII decimal bytes. */
    public static byte[] encode(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /**
     * The encoding model_signing v0.2 signed by mistake: the text {@code "DSSEV1 <len> <type> <len> <repr>"}
     * where {@code <repr>} is Python's {@code repr()} of the payload bytes ({@code b'...'} with escapes),
     * encoded as UTF-8. Only ever used to verify bundles with the legacy v0.2 predicate.
     */
    public static byte[] legacyV02(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        String text = "DSSEV1 " + type.length + " " + payloadType + " " + payload.length + " " + pythonBytesRepr(payload);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Python's {@code repr(bytes)}: single quotes unless the bytes hold a ' and no ". */
    static String pythonBytesRepr(byte[] data) {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte b : data) {
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder sb = new StringBuilder(data.length + 3).append('b').append(quote);
        for (byte value : data) {
            int b = value & 0xff;
            if (b == quote || b == '\\') {
                sb.append('\\').append((char) b);
            } else if (b == '\t') {
                sb.append("\\t");
            } else if (b == '\n') {
                sb.append("\\n");
            } else if (b == '\r') {
                sb.append("\\r");
            } else if (b < 0x20 || b >= 0x7f) {
                sb.append(String.format("\\x%02x", b));
            } else {
                sb.append((char) b);
            }
        }
        return sb.append(quote).toString();
    }
}
