package org.mlgate.guard.model;

import java.util.List;
import org.mlgate.guard.text.TextView;

/**
 * A character trigram language model over a 63-symbol alphabet (the 26 lower-case letters, one class for any
 * upper-case letter, one for digits, space, each of the 32 ASCII punctuation marks, "other letter", "other";
 * Latin letters with diacritics count as their base letter), smoothed by recursive Dirichlet interpolation
 * (P(c|ab) = (n(abc) + β·P(c|b)) / (n(ab) + β), β = 4). Stored as log2-probabilities, so scoring is one table
 * lookup per character. {@link #suffixSurprisal} is the adversarial-suffix signal: optimised suffixes such as
 * GCG's are locally improbable strings of punctuation, case changes and word fragments.
 */
public final class CharTrigram {
    public static final int ALPHABET = 63;
    private static final int UPPER = 26;
    private static final int SPACE = 28;
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

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final byte[] TABLE = new byte[0x250];

    static {
        for (int c = 0; c < TABLE.length; c++) {
            TABLE[c] = (byte) classify((char) c);
        }
    }

    private static int classify(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return UPPER;
        }
        if (c >= '0' && c <= '9') {
            return 27;
        }
        if (Character.isWhitespace(c)) {
            return SPACE;
        }
        int p = PUNCTUATION.indexOf(c);
        if (p >= 0) {
            return 29 + p;
        }
        if (Character.isLetter(c)) {
            // Latin letters with diacritics count as their base letter, so German or French words are not
            // improbable for their umlauts and accents alone.
            String base = java.text.Normalizer.normalize(String.valueOf(c), java.text.Normalizer.Form.NFD);
            char b = base.charAt(0);
            if (b >= 'a' && b <= 'z') {
                return b - 'a';
            }
            if (b >= 'A' && b <= 'Z') {
                return UPPER;
            }
            return 61;
        }
        return 62;
    }

    static int symbol(char c) {
        if (c < TABLE.length) {
            return TABLE[c];
        }
        return Character.isLetter(c) ? 61 : Character.isWhitespace(c) ? SPACE : 62;
    }

    /**
     * The symbols of a text's normalised view (invisible characters removed, homoglyphs mapped) with the case of
     * the original letters, whitespace runs as one space.
     */
    static int[] symbols(TextView v, int max) {
        String s = v.normalized();
        String original = v.original();
        int n = Math.min(s.length(), max);
        int[] out = new int[n];
        int size = 0;
        boolean lastSpace = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int sym = symbol(c);
            if (sym < 26 && Character.isUpperCase(original.charAt(v.originStart(i)))) {
                sym = UPPER;
            }
            if (sym == SPACE && lastSpace) {
                continue;
            }
            lastSpace = sym == SPACE;
            out[size++] = sym;
        }
        return java.util.Arrays.copyOf(out, size);
    }

    public static CharTrigram train(List<TextView> texts) {
        int a = ALPHABET;
        long[] uni = new long[a];
        long[] bi = new long[a * a];
        long[] tri = new long[a * a * a];
        for (TextView t : texts) {
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
     * normalised text (the whole text's mean when it is shorter; 0 below 8 characters), plus how far that window
     * stands above the text's own mean surprisal. The contrast term is the "suffix" in adversarial suffix: an
     * optimised string glued to a fluent request stands out from it, while a text that is improbable throughout
     * (a keyword query in another language, a list of names) does not; chosen over the bare maximum on the
     * leave-one-source-out table (GCG never seen: 94.0 % → 100 % at 1 % FPR, see the README).
     */
    public double suffixSurprisal(TextView text, int maxChars) {
        int[] s = symbols(text, maxChars);
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
        double total = 0;
        for (int i = 2; i < s.length; i++) {
            total += bits[i];
        }
        for (int i = 2 + w; i < s.length; i++) {
            sum += bits[i] - bits[i - w];
            best = Math.max(best, sum);
        }
        double max = best / w;
        return max + Math.max(0, max - total / (s.length - 2));
    }

    float[] table() {
        return log2p.clone();
    }
}
