package org.mlgate.scan.pickle;

import java.io.ByteArrayOutputStream;

/** Python's escape decoders for the text opcodes (STRING, UNICODE), bounded and allocation-light. */
final class PythonEscapes {
    private PythonEscapes() {
    }

    /** codecs.escape_decode on b[from, to); null when an escape is invalid. */
    static byte[] decodeBytesEscape(byte[] b, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c != '\\') {
                out.write(c);
                i++;
                continue;
            }
            if (i + 1 >= to) {
                return null; // trailing backslash
            }
            int e = b[i + 1] & 0xff;
            i += 2;
            switch (e) {
                case '\n' -> { }
                case '\\' -> out.write('\\');
                case '\'' -> out.write('\'');
                case '"' -> out.write('"');
                case 'a' -> out.write(7);
                case 'b' -> out.write(8);
                case 'f' -> out.write(12);
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(11);
                case 'x' -> {
                    if (i + 2 > to) {
                        return null;
                    }
                    int hi = Character.digit(b[i], 16);
                    int lo = Character.digit(b[i + 1], 16);
                    if (hi < 0 || lo < 0) {
                        return null;
                    }
                    out.write(hi * 16 + lo);
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && i < to && b[i] >= '0' && b[i] <= '7'; k++) {
                            v = v * 8 + (b[i++] - '0');
                        }
                        out.write(v & 0xff);
                    } else {
                        out.write('\\');
                        out.write(e);
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /** raw_unicode_escape decoding: latin-1 bytes with \\uXXXX and \\UXXXXXXXX; null when invalid. */
    static String decodeRawUnicodeEscape(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            if (c == '\\' && i + 1 < b.length && (b[i + 1] == 'u' || b[i + 1] == 'U')) {
                // an odd number of backslashes before 'u' escapes; Python counts them, so do we
                int slashes = 0;
                for (int k = i; k >= 0 && b[k] == '\\'; k--) {
                    slashes++;
                }
                if (slashes % 2 == 1) {
                    int digits = b[i + 1] == 'u' ? 4 : 8;
                    if (i + 2 + digits > b.length) {
                        return null;
                    }
                    int cp = 0;
                    for (int k = 0; k < digits; k++) {
                        int d = Character.digit(b[i + 2 + k], 16);
                        if (d < 0) {
                            return null;
                        }
                        cp = cp * 16 + d;
                    }
                    if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                        return null;
                    }
                    sb.appendCodePoint(cp);
                    i += 2 + digits;
                    continue;
                }
            }
            sb.append((char) c);
            i++;
        }
        return sb.toString();
    }
}
