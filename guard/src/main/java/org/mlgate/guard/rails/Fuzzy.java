package org.mlgate.guard.rails;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Misspellings of a cue's keyword (letters only), written out as a regex alternation: one letter dropped, doubled,
 * or swapped with its neighbour; five-letter words only swapped (a drop would spell other words: "rules" → "rule").
 */
final class Fuzzy {
    private static final int MIN_LENGTH = 6;
    private static final int MIN_SWAP_LENGTH = 5;

    private Fuzzy() {
    }

    /** The word and its one-typo variants, longest first so that the alternation prefers the full word. */
    static String variants(String word) {
        return String.join("|", all(word).stream().sorted((a, b) -> b.length() - a.length()).toList());
    }

    /** The distinct two-letter-or-longer prefixes under which the cue index must try these words. */
    static String[] prefixes(String... words) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words) {
            for (String v : all(w)) {
                out.add(v.substring(0, Math.min(v.length(), 4)));
            }
        }
        return out.toArray(String[]::new);
    }

    static Set<String> all(String word) {
        Set<String> out = new LinkedHashSet<>();
        out.add(word);
        if (!word.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            throw new IllegalArgumentException("a fuzzy keyword is lower-case ASCII letters: " + word);
        }
        for (int i = 0; i < word.length() && word.length() >= MIN_SWAP_LENGTH; i++) {
            if (word.length() >= MIN_LENGTH) {
                out.add(word.substring(0, i) + word.substring(i + 1));
                out.add(word.substring(0, i + 1) + word.charAt(i) + word.substring(i + 1));
            }
            if (i + 1 < word.length() && word.charAt(i) != word.charAt(i + 1)) {
                out.add(word.substring(0, i) + word.charAt(i + 1) + word.charAt(i) + word.substring(i + 2));
            }
        }
        return out;
    }
}
