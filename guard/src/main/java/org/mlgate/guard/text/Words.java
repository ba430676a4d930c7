package org.mlgate.guard.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Words of a folded text: maximal runs of letters, with their offsets in that text. Runs of single letters
 * separated by one and the same non-letter ({@code i g n o r e}, {@code i.g.n.o.r.e}) are joined into one word, so spacing
 * a keyword out does not hide it. {@link #spans} gives the same words as offsets only, for hot paths that must not
 * build strings.
 */
public final class Words {
    /** A word and its [start, end) offsets in the folded text. */
    public record Word(String text, int start, int end) {
    }

    /** Letter runs [start[r], end[r]) of a text, {@code count} of them, in order. */
    public record Runs(int[] start, int[] end, int count) {
    }

    /** A text's words as runs: word {@code k} is runs {@code firstRun[k]..lastRun[k]} (one, or single letters joined). */
    public record Spans(Runs runs, int[] firstRun, int[] lastRun, int words) {
        public int start(int k) {
            return runs.start()[firstRun[k]];
        }

        public int end(int k) {
            return runs.end()[lastRun[k]];
        }

        /** Whether word {@code k} is spelled out (its letters are the first chars of its runs). */
        public boolean joined(int k) {
            return lastRun[k] > firstRun[k];
        }
    }

    private Words() {
    }

    public static List<Word> of(String folded) {
        Spans s = spans(folded);
        List<Word> out = new ArrayList<>(s.words());
        for (int k = 0; k < s.words(); k++) {
            String text;
            if (s.joined(k)) {
                StringBuilder b = new StringBuilder();
                for (int r = s.firstRun()[k]; r <= s.lastRun()[k]; r++) {
                    b.append(folded.charAt(s.runs().start()[r]));
                }
                text = b.toString();
            } else {
                text = folded.substring(s.start(k), s.end(k));
            }
            out.add(new Word(text, s.start(k), s.end(k)));
        }
        return out;
    }

    /** The letter runs of {@code s[0, limit)} (no joining). */
    public static Runs runs(String s, int limit) {
        int n = Math.min(limit, s.length());
        int[] starts = new int[16];
        int[] ends = new int[16];
        int count = 0;
        int i = 0;
        while (i < n) {
            while (i < n && !Character.isLetter(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && Character.isLetter(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                starts[count] = start;
                ends[count++] = i;
            }
        }
        return new Runs(starts, ends, count);
    }

    /** The words of a folded text as offsets: letter runs, and runs of single letters joined. */
    public static Spans spans(String folded) {
        Runs runs = runs(folded, folded.length());
        int[] starts = runs.start();
        int[] ends = runs.end();
        int count = runs.count();
        int[] first = new int[count];
        int[] last = new int[count];
        int words = 0;
        int w = 0;
        while (w < count) {
            int j = w;
            // One run uses one separator: "r.o.o.t p-a-s-s" is two words, not one.
            char sep = 0;
            while (j + 1 < count && ends[j] - starts[j] == 1 && ends[j + 1] - starts[j + 1] == 1
                    && starts[j + 1] - ends[j] == 1 && (sep == 0 || folded.charAt(ends[j]) == sep)) {
                sep = folded.charAt(ends[j]);
                j++;
            }
            if (j - w < 2) {
                j = w;
            }
            first[words] = w;
            last[words++] = j;
            w = j + 1;
        }
        return new Spans(runs, first, last, words);
    }
}
