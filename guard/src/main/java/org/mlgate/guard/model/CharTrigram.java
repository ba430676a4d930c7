package org.mlgate.guard.model;

import java.util.List;

/**
 * A character trigram language model over a 36-symbol alphabet (letters, one digit class, space, a few
 * punctuation classes, "other letter", "other"), smoothed by recursive Dirichlet interpolation
 * (P(c|ab) = (n(abc) + β·P(c|b)) / (n(ab) + β), β = 4). Stored as log2-probabilities, so scoring is one table
 * lookup per character. {@link #maxWindowSurprisal} is the adversarial-suffix signal: optimised suffixes such as
 * GCG's are locally improbable strings of punctuation, case changes and word fragments.
 */
public final class CharTrigram {
    public static final int ALPHABET = 36;
    public static final int WINDOW = 24;
    private static final double BETA = 4;
    private final float[] log2p;

    public CharTrigram(float[] log2p) {
        if (log2p.length != ALPHABET * ALPHABET * ALPHABET) {
            throw new IllegalArgumentException("trigram table must have " + ALPHABET * ALPHABET * ALPHABET
                    + " values");
        }
        for (float v : log2p) {
            if (!(v <= 0) || !Float.isFinite(v)) {
                throw new IllegalArgumentException("trigram table holds a value that is not a log-probability");
            }
        }
        this.log2p = log2p.clone();
    }

    static int symbol(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '0' && c <= '9') {
            return 26;
        }
        if (Character.isWhitespace(c)) {
            return 27;
        }
        return switch (c) {
            case '.' -> 28;
            case ',' -> 29;
            case '\'', '"', '\u2019', '\u201c', '\u201d' -> 30;
            case '?', '!' -> 31;
            case '-', ':', ';' -> 32;
            case '(', ')', '[', ']', '{', '}', '<', '>', '|', '\\', '/', '*', '_', '=', '+', '^', '~', '`', '@',
                 '#', '$', '%', '&' -> 33;
            default -> Character.isLetter(c) ? 34 : 35;
        };
    }

    /** The symbols of a normalised text, whitespace runs as one space. */
    static int[] symbols(String s, int max) {
        int n = Math.min(s.length(), max);
        int[] out = new int[n];
        int size = 0;
        boolean lastSpace = true;
        for (int i = 0; i < n; i++) {
            int sym = symbol(s.charAt(i));
            if (sym == 27 && lastSpace) {
                continue;
            }
            lastSpace = sym == 27;
            out[size++] = sym;
        }
        return java.util.Arrays.copyOf(out, size);
    }

    public static CharTrigram train(List<String> normalizedTexts) {
        int a = ALPHABET;
        long[] uni = new long[a];
        long[] bi = new long[a * a];
        long[] tri = new long[a * a * a];
        for (String t : normalizedTexts) {
            int[] s = symbols(t, Integer.MAX_VALUE);
            for (int i = 0; i < s.length; i++) {
                uni[s[i]]++;
                if (i >= 1) {
                    bi[s[i - 1] * a + s[i]]++;
                }
                if (i >= 2) {
                    tri[(s[i - 2] * a + s[i - 1]) * a + s[i]]++;
                }
            }
        }
        long total = 0;
        for (long u : uni) {
            total += u;
        }
        double[] p1 = new double[a];
        for (int c = 0; c < a; c++) {
            p1[c] = (uni[c] + 1.0) / (total + a);
        }
        double[] p2 = new double[a * a];
        for (int x = 0; x < a; x++) {
            long n = 0;
            for (int c = 0; c < a; c++) {
                n += bi[x * a + c];
            }
            for (int c = 0; c < a; c++) {
                p2[x * a + c] = (bi[x * a + c] + BETA * p1[c]) / (n + BETA);
            }
        }
        float[] log2p = new float[a * a * a];
        for (int xy = 0; xy < a * a; xy++) {
            long n = 0;
            for (int c = 0; c < a; c++) {
                n += tri[xy * a + c];
            }
            int y = xy % a;
            for (int c = 0; c < a; c++) {
                double p = (tri[xy * a + c] + BETA * p2[y * a + c]) / (n + BETA);
                log2p[xy * a + c] = (float) (Math.log(p) / Math.log(2));
            }
        }
        return new CharTrigram(log2p);
    }

    /**
     * The highest mean surprisal (bits per character) over any window of {@link #WINDOW} characters of the
     * normalised text; the whole text's mean when it is shorter; 0 below 8 characters.
     */
    public double maxWindowSurprisal(String normalized, int maxChars) {
        int[] s = symbols(normalized, maxChars);
        if (s.length < 8) {
            return 0;
        }
        int a = ALPHABET;
        double[] bits = new double[s.length];
        for (int i = 2; i < s.length; i++) {
            bits[i] = -log2p[(s[i - 2] * a + s[i - 1]) * a + s[i]];
        }
        int w = Math.min(WINDOW, s.length - 2);
        double sum = 0;
        for (int i = 2; i < 2 + w; i++) {
            sum += bits[i];
        }
        double best = sum;
        for (int i = 2 + w; i < s.length; i++) {
            sum += bits[i] - bits[i - w];
            best = Math.max(best, sum);
        }
        return best / w;
    }

    float[] table() {
        return log2p.clone();
    }
}
