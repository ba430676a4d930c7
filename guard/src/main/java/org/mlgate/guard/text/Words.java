package org.mlgate.guard.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Words of a folded text: maximal runs of letters, with their offsets in that text. Runs of single letters
 * separated by one and the same non-letter ({@code i g n o r e}, {@code i.g.n.o.r.e}) are joined into one word, so spacing
 * a keyword out does not hide it.
 */
public final class Words {
    /** A word and its [start, end) offsets in the folded text. */
    public record Word(String text, int start, int end) {
    }

    private Words() {
    }

    public static List<Word> of(String folded) {
        List<Word> raw = new ArrayList<>();
        int i = 0;
        int n = folded.length();
        while (i < n) {
            while (i < n && !Character.isLetter(folded.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && Character.isLetter(folded.charAt(i))) {
                i++;
            }
            if (i > start) {
                raw.add(new Word(folded.substring(start, i), start, i));
            }
        }
        return joinSpelledOut(raw, folded);
    }

    private static List<Word> joinSpelledOut(List<Word> raw, String folded) {
        List<Word> out = new ArrayList<>(raw.size());
        int i = 0;
        while (i < raw.size()) {
            int j = i;
            // One run uses one separator: "r.o.o.t p-a-s-s" is two words, not one.
            char sep = 0;
            while (j + 1 < raw.size() && raw.get(j).text().length() == 1 && raw.get(j + 1).text().length() == 1
                    && raw.get(j + 1).start() - raw.get(j).end() == 1
                    && (sep == 0 || folded.charAt(raw.get(j).end()) == sep)) {
                sep = folded.charAt(raw.get(j).end());
                j++;
            }
            if (j - i >= 2) {
                StringBuilder b = new StringBuilder();
                for (int k = i; k <= j; k++) {
                    b.append(raw.get(k).text());
                }
                out.add(new Word(b.toString(), raw.get(i).start(), raw.get(j).end()));
                i = j + 1;
            } else {
                out.add(raw.get(i));
                i++;
            }
        }
        return out;
    }
}
