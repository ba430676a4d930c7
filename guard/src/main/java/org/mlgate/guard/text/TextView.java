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
        int len = text.length();
        char[] norm = new char[len + 8];
        char[] folded = new char[len + 8];
        int[] origin = new int[len + 9];
        int n = 0;
        for (int i = 0; i < len; ) {
            char ch = text.charAt(i);
            if (ch < 0x80) {
                // ASCII (most prompts): lower-case and leet-fold inline, no code point or NFKC work.
                char lower = ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch;
                norm[n] = lower;
                folded[n] = Leet.fold(lower);
                origin[n++] = i++;
                continue;
            }
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (!Invisible.is(cp)) {
                String mapped = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKC);
                for (int j = 0; j < mapped.length(); ) {
                    int m = mapped.codePointAt(j);
                    j += Character.charCount(m);
                    if (!Invisible.is(m)) {
                        int out = Homoglyphs.toLatin(Character.toLowerCase(m));
                        int need = n + Character.charCount(out);
                        if (need >= norm.length) {
                            int grown = Math.max(need + 8, norm.length * 2);
                            norm = java.util.Arrays.copyOf(norm, grown);
                            folded = java.util.Arrays.copyOf(folded, grown);
                            origin = java.util.Arrays.copyOf(origin, grown + 1);
                        }
                        int wrote = Character.toChars(out, norm, n);
                        for (int k = n; k < n + wrote; k++) {
                            folded[k] = Leet.fold(norm[k]);
                            origin[k] = i;
                        }
                        n += wrote;
                    }
                }
            }
            i = next;
        }
        int[] exact = java.util.Arrays.copyOf(origin, n + 1);
        exact[n] = len;
        return new TextView(text, new String(norm, 0, n), exact, new String(folded, 0, n));
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
