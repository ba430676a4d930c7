package org.mlgate.scan.pickle;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Base64;
import java.util.HexFormat;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/**
 * Finds pickles hidden in string and bytes values (raw, base64, hex) and scans them as nested streams.
 * Only values whose first bytes look like a pickle are tried, so ordinary data costs a few byte reads.
 */
final class StringHeuristics {
    static final int MIN_LENGTH = 4;
    private static final int PREFIX = 24;

    void inspect(MemorySegment seg, long at, long n, String where, ScanContext ctx, HitLog hits) {
        int b0 = seg.get(ValueLayout.JAVA_BYTE, at) & 0xff;
        int b1 = seg.get(ValueLayout.JAVA_BYTE, at + 1) & 0xff;
        if (looksLikePickle(b0, b1, seg, at, n)) {
            tryNested(seg.asSlice(at, n), "raw", at, where, ctx, hits);
            return;
        }
        if (b0 == 'g' || b0 == 'K' || b0 == 'Y' || b0 == 'a') {
            byte[] prefix = prefix(seg, at, n);
            byte[] dec = decodeBase64Prefix(prefix);
            if (dec != null && dec.length >= 2 && looksLikePickle(dec[0] & 0xff, dec[1] & 0xff,
                    MemorySegment.ofArray(dec), 0, dec.length)) {
                byte[] full = decodeBase64(seg, at, n, ctx);
                if (full != null) {
                    tryNested(MemorySegment.ofArray(full), "base64", at, where, ctx, hits);
                }
            }
            return;
        }
        if (b0 == '8' || b0 == '6' || b0 == '2') {
            byte[] prefix = prefix(seg, at, n);
            byte[] dec = decodeHexPrefix(prefix);
            if (dec != null && dec.length >= 2 && looksLikePickle(dec[0] & 0xff, dec[1] & 0xff,
                    MemorySegment.ofArray(dec), 0, dec.length)) {
                byte[] full = decodeHex(seg, at, n);
                if (full != null) {
                    tryNested(MemorySegment.ofArray(full), "hex", at, where, ctx, hits);
                }
            }
        }
    }

    /** PROTO 0-5 then a known opcode, or a protocol-0 GLOBAL/INST/MARK start: "c<module>\n". */
    private static boolean looksLikePickle(int b0, int b1, MemorySegment seg, long at, long n) {
        if (b0 == Op.PROTO) {
            return b1 <= Op.HIGHEST_PROTOCOL && n >= 3 && Op.known(seg.get(ValueLayout.JAVA_BYTE, at + 2));
        }
        if (b0 == '(' && (b1 == 'c' || b1 == 'i' || b1 == 'd' || b1 == 'l' || b1 == 'S' || b1 == 'V')) {
            return true;
        }
        if ((b0 == 'c' || b0 == 'i') && Character.isJavaIdentifierStart(b1)) {
            long max = Math.min(n, 256);
            for (long i = 2; i < max; i++) {
                int c = seg.get(ValueLayout.JAVA_BYTE, at + i) & 0xff;
                if (c == '\n') {
                    return true;
                }
                if (!(Character.isJavaIdentifierPart(c) || c == '.')) {
                    return false;
                }
            }
        }
        return false;
    }

    private void tryNested(MemorySegment bytes, String encoding, long at, String where, ScanContext ctx,
                           HitLog hits) {
        ScanContext child;
        try {
            child = ctx.child(where + "@" + at + (encoding.equals("raw") ? "" : "/" + encoding));
        } catch (ScanAbort a) {
            ctx.problem(Problem.Kind.BUDGET, at, "a nested pickle is nested too deeply to analyse");
            return;
        }
        Tentative.Outcome o = Tentative.run(bytes, 0, child, this);
        if (!o.matters()) {
            return;
        }
        hits.add(ctx, ScanRules.NESTED_PICKLE, Severity.MEDIUM, at, where, "nested@" + at,
                "the " + where + " value holds a " + (encoding.equals("raw") ? "" : encoding + "-encoded ")
                        + "pickle (" + (o.kind() == Tentative.Kind.COMPLETE ? "complete" : "broken") + ")");
        hits.addAll(o.hits());
    }

    /**
     * Archive or compressed-stream magic (zip, gzip, bzip2, xz, zstd, 7z) at the start of a value: the bytes
     * {@code torch.storage._load_from_bytes} hands to torch.load, or a {@code _codecs.encode} argument.
     */
    static boolean looksLikeContainer(MemorySegment seg, long at, long n) {
        if (n < 6) {
            return false;
        }
        int b0 = seg.get(ValueLayout.JAVA_BYTE, at) & 0xff;
        int b1 = seg.get(ValueLayout.JAVA_BYTE, at + 1) & 0xff;
        int b2 = seg.get(ValueLayout.JAVA_BYTE, at + 2) & 0xff;
        return (b0 == 'P' && b1 == 'K' && (b2 == 3 || b2 == 5) && hasEndOfCentralDirectory(seg, at, n)) || (b0 == 0x1f && b1 == 0x8b)
                || (b0 == 'B' && b1 == 'Z' && b2 == 'h') || (b0 == 0xfd && b1 == '7' && b2 == 'z')
                || (b0 == 0x28 && b1 == 0xb5 && b2 == 0x2f) || (b0 == '7' && b1 == 'z' && b2 == 0xbc);
    }

    /** A zip that zipfile/torch.load could open ends with an EOCD record (within the last 64 KiB + 22 bytes). */
    private static boolean hasEndOfCentralDirectory(MemorySegment seg, long at, long n) {
        long stop = Math.max(0, n - 65_557);
        for (long i = n - 22; i >= stop; i--) {
            if (seg.get(ValueLayout.JAVA_BYTE, at + i) == 'P' && seg.get(ValueLayout.JAVA_BYTE, at + i + 1) == 'K'
                    && seg.get(ValueLayout.JAVA_BYTE, at + i + 2) == 5 && seg.get(ValueLayout.JAVA_BYTE, at + i + 3) == 6) {
                return true;
            }
        }
        return false;
    }

    /** The bytes {@code s.encode('latin1')} gives, or null if a character is above U+00FF (it would fail). */
    static byte[] latin1(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xff) {
                return null;
            }
            b[i] = (byte) c;
        }
        return b;
    }

    /** A value holding an archive: routed as a member by content, so a pickle inside it is scanned. */
    void inspectContainer(MemorySegment bytes, long at, String where, ScanContext ctx, HitLog hits) {
        org.mlgate.scan.engine.Blob blob = new org.mlgate.scan.engine.Blob(where + "@" + at, bytes);
        String kind = ctx.sniff(blob).orElse(null);
        if (kind == null || kind.equals(PickleHandler.ID)) {
            return;
        }
        hits.add(ctx, ScanRules.NESTED_PICKLE, Severity.MEDIUM, at, where, "container@" + at,
                "the " + where + " value holds a " + kind + " archive or stream (" + bytes.byteSize() + " bytes): "
                        + "torch.storage._load_from_bytes or _codecs.encode hand such bytes to a loader; its members "
                        + "are scanned");
        ctx.scanMember(where + "@" + at + " (" + kind + ")", blob);
    }

    private static byte[] prefix(MemorySegment seg, long at, long n) {
        return seg.asSlice(at, Math.min(n, PREFIX)).toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] decodeBase64Prefix(byte[] p) {
        int len = p.length - p.length % 4;
        if (len < 4) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(java.util.Arrays.copyOf(p, len));
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(java.util.Arrays.copyOf(p, len));
            } catch (IllegalArgumentException e2) {
                return null;
            }
        }
    }

    private static byte[] decodeBase64(MemorySegment seg, long at, long n, ScanContext ctx) {
        if (n > ctx.budgets().maxStringBytes() || n > Integer.MAX_VALUE - 8) {
            return null;
        }
        byte[] text = seg.asSlice(at, n).toArray(ValueLayout.JAVA_BYTE);
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e2) {
                return null;
            }
        }
    }

    private static byte[] decodeHexPrefix(byte[] p) {
        int len = p.length - p.length % 2;
        try {
            return HexFormat.of().parseHex(new String(p, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] decodeHex(MemorySegment seg, long at, long n) {
        if (n % 2 != 0 || n > Integer.MAX_VALUE) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(new String(seg.asSlice(at, n).toArray(ValueLayout.JAVA_BYTE),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
