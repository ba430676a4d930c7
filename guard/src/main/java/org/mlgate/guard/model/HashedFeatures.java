package org.mlgate.guard.model;

import java.util.Arrays;
import org.mlgate.guard.text.TextView;
import org.mlgate.guard.text.Words;

/**
 * Sparse binary features of a text, hashed into {@link #DIMENSION} buckets: word unigrams and bigrams of the
 * folded text and character 4-grams of the normalised text (whitespace runs as one space). The vector is
 * L2-normalised (each present feature 1/√n). Hashing uses {@link String#hashCode} (specified by the JLS) and a
 * fixed mixer, so features are the same on every JVM.
 */
public final class HashedFeatures {
    public static final int BITS = 18;
    public static final int DIMENSION = 1 << BITS;
    private static final int MAX_CHARS = 20_000;

    /** Sorted distinct indices and the common value 1/√n. */
    public record Vector(int[] indices, float value) {
    }

    private HashedFeatures() {
    }

    public static Vector of(TextView t) {
        String norm = t.normalized();
        int n = Math.min(norm.length(), MAX_CHARS);
        int[] out = new int[64];
        int size = 0;
        String folded = t.folded().length() > MAX_CHARS ? t.folded().substring(0, MAX_CHARS) : t.folded();
        int[] hashes = wordHashes(folded);
        int prev = 0;
        for (int k = 0; k < hashes.length; k++) {
            int h = hashes[k];
            out = grow(out, size + 2);
            out[size++] = bucket(mix(h, 0x1b873593));
            if (k > 0) {
                out[size++] = bucket(mix(prev * 31 + h, 0x5bd1e995));
            }
            prev = h;
        }
        // Character 4-grams over the normalised text with whitespace runs collapsed.
        int a = ' ';
        int b = ' ';
        int c = ' ';
        boolean lastSpace = true;
        for (int i = 0; i < n; i++) {
            char ch = norm.charAt(i);
            boolean space = Character.isWhitespace(ch);
            if (space && lastSpace) {
                continue;
            }
            lastSpace = space;
            int d = space ? ' ' : ch;
            out = grow(out, size + 1);
            out[size++] = bucket(mix(((a * 65599 + b) * 65599 + c) * 65599 + d, 0x27d4eb2f));
            a = b;
            b = c;
            c = d;
        }
        int[] idx = Arrays.copyOf(out, size);
        Arrays.sort(idx);
        int distinct = 0;
        for (int i = 0; i < idx.length; i++) {
            if (i == 0 || idx[i] != idx[i - 1]) {
                idx[distinct++] = idx[i];
            }
        }
        idx = Arrays.copyOf(idx, distinct);
        return new Vector(idx, distinct == 0 ? 0f : (float) (1 / Math.sqrt(distinct)));
    }

    /**
     * {@code String.hashCode} of each word of {@link Words#of} (letter runs, spelled-out single letters joined),
     * computed over offsets without building the word strings: the hot path of every check.
     */
    static int[] wordHashes(String folded) {
        Words.Spans s = Words.spans(folded);
        int[] out = new int[s.words()];
        for (int k = 0; k < s.words(); k++) {
            int h = 0;
            if (s.joined(k)) {
                for (int r = s.firstRun()[k]; r <= s.lastRun()[k]; r++) {
                    h = 31 * h + folded.charAt(s.runs().start()[r]);
                }
            } else {
                for (int c = s.start(k); c < s.end(k); c++) {
                    h = 31 * h + folded.charAt(c);
                }
            }
            out[k] = h;
        }
        return out;
    }

    private static int[] grow(int[] a, int need) {
        return need <= a.length ? a : Arrays.copyOf(a, Math.max(need, a.length * 2));
    }

    private static int mix(int h, int salt) {
        int x = h ^ salt;
        x ^= x >>> 16;
        x *= 0x85ebca6b;
        x ^= x >>> 13;
        x *= 0xc2b2ae35;
        x ^= x >>> 16;
        return x;
    }

    private static int bucket(int h) {
        return h & (DIMENSION - 1);
    }
}
