package org.mlgate.guard.text;

import java.text.Normalizer;

/**
 * A text as rails see it: the original, and a normalised copy with, for every normalised char, the index of the
 * original char it came from (so a match in the normalised text reports a span of the original). Normalised =
 * per code point NFKC (full-width and compatibility forms), invisible format characters removed (zero-width
 * spaces and joiners, bidi controls, Unicode tag characters, soft hyphen), common Cyrillic and Greek homoglyphs
 * mapped to Latin, lower case. {@link #folded()} additionally maps leetspeak digits and symbols to letters.
 * Immutable; built once per check and shared by all rails.
 */
public final class TextView {
    private final String original;
    private final String normalized;
    private final int[] origin;
    private final String folded;

    private TextView(String original, String normalized, int[] origin, String folded) {
        this.original = original;
        this.normalized = normalized;
        this.origin = origin;
        this.folded = folded;
    }

    public static TextView of(String text) {
        StringBuilder norm = new StringBuilder(text.length());
        int[] origin = new int[text.length() * 2 + 8];
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (!Invisible.is(cp)) {
                String mapped = cp < 0x80 ? null : Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKC);
                if (mapped == null) {
                    origin = append(norm, origin, Character.toLowerCase(cp), i);
                } else {
                    for (int j = 0; j < mapped.length(); ) {
                        int m = mapped.codePointAt(j);
                        j += Character.charCount(m);
                        if (!Invisible.is(m)) {
                            origin = append(norm, origin, Homoglyphs.toLatin(Character.toLowerCase(m)), i);
                        }
                    }
                }
            }
            i = next;
        }
        String normalized = norm.toString();
        int[] exact = java.util.Arrays.copyOf(origin, normalized.length() + 1);
        exact[normalized.length()] = text.length();
        return new TextView(text, normalized, exact, Leet.fold(normalized));
    }

    private static int[] append(StringBuilder b, int[] origin, int cp, int from) {
        int at = b.length();
        b.appendCodePoint(cp);
        if (b.length() >= origin.length) {
            origin = java.util.Arrays.copyOf(origin, origin.length * 2 + 8);
        }
        for (int k = at; k < b.length(); k++) {
            origin[k] = from;
        }
        return origin;
    }

    public String original() {
        return original;
    }

    public String normalized() {
        return normalized;
    }

    /** {@link #normalized()} with leetspeak folded ({@code 1gn0r3} → {@code ignore}); same length and offsets. */
    public String folded() {
        return folded;
    }

    /** The original span [start, end) of normalised chars [from, to). */
    public int originStart(int from) {
        return origin[from];
    }

    public int originEnd(int to) {
        if (to <= 0) {
            return 0;
        }
        int start = origin[to - 1];
        int cp = original.codePointAt(start);
        return start + Character.charCount(cp);
    }
}
