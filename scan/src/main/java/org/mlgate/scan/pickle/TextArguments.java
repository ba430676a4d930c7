package org.mlgate.scan.pickle;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.mlgate.scan.engine.ScanAbort;

/**
 * The text arguments of protocol-0 opcodes (INT, LONG, FLOAT, PUT/GET indices, STRING, UNICODE), parsed
 * as CPython accepts them, or a malformed-stream abort at {@code at}.
 */
final class TextArguments {
    private static final int MAX_DIGITS = 10_000;

    private TextArguments() {
    }

    /** INT: "00"/"01" are the booleans protocol 0 writes; anything else an int literal. */
    static PValue intValue(byte[] line, long at) throws ScanAbort {
        String s = latin1(line);
        if (s.equals("00")) {
            return PValue.FALSE;
        }
        if (s.equals("01")) {
            return PValue.TRUE;
        }
        return integer(s, "INT", at);
    }

    /** LONG: an int literal with an optional trailing 'L' (Python 2). */
    static PValue longValue(byte[] line, long at) throws ScanAbort {
        String s = latin1(line);
        return integer(s.endsWith("L") ? s.substring(0, s.length() - 1) : s, "LONG", at);
    }

    /** PUT/GET: a non-negative index. */
    static long index(byte[] line, String what, long at) throws ScanAbort {
        if (integer(latin1(line), what, at) instanceof PValue.Int i && i.big() == null && i.value() >= 0) {
            return i.value();
        }
        throw ScanAbort.malformed(at, what + " index out of range");
    }

    /** FLOAT: validated only; the value never matters to the analysis. */
    static void checkFloat(byte[] line, long at) throws ScanAbort {
        String s = latin1(line).strip();
        try {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "-infinity", "+infinity" -> { }
                default -> Double.parseDouble(s.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            throw ScanAbort.malformed(at, "could not convert string to float: '" + abbreviate(s) + "'");
        }
    }

    /** STRING: a quoted Python bytes literal with escapes; returns the decoded bytes. */
    static byte[] quotedString(byte[] b, long at) throws ScanAbort {
        int n = b.length;
        while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\r' || b[n - 1] == '\t')) {
            n--;
        }
        if (n < 2 || b[0] != b[n - 1] || (b[0] != '\'' && b[0] != '"')) {
            throw ScanAbort.malformed(at, "the STRING opcode argument must be quoted");
        }
        byte[] decoded = PythonEscapes.decodeBytesEscape(b, 1, n - 1);
        if (decoded == null) {
            throw ScanAbort.malformed(at, "invalid escape in STRING argument");
        }
        return decoded;
    }

    /** UNICODE: raw-unicode-escape text. */
    static String rawUnicode(byte[] line, long at) throws ScanAbort {
        String s = PythonEscapes.decodeRawUnicodeEscape(line);
        if (s == null) {
            throw ScanAbort.malformed(at, "invalid \\u escape in UNICODE argument");
        }
        return s;
    }

    /** An int literal as int(s, 0) reads it: sign, underscores, 0x/0o/0b prefixes. */
    private static PValue integer(String s, String what, long at) throws ScanAbort {
        String t = s.strip().replace("_", "");
        boolean neg = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            neg = t.startsWith("-");
            t = t.substring(1);
        }
        int radix = 10;
        if (t.length() > 2 && t.charAt(0) == '0' && "xXoObB".indexOf(t.charAt(1)) >= 0) {
            radix = switch (Character.toLowerCase(t.charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() > MAX_DIGITS) {
            throw ScanAbort.malformed(at, "invalid literal for " + what + ": '" + abbreviate(s) + "'");
        }
        try {
            BigInteger b = new BigInteger(t, radix);
            if (neg) {
                b = b.negate();
            }
            return b.bitLength() < 64 ? PValue.Int.of(b.longValue()) : new PValue.Int(0, b);
        } catch (NumberFormatException e) {
            throw ScanAbort.malformed(at, "invalid literal for " + what + ": '" + abbreviate(s) + "'");
        }
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
