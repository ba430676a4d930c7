package org.mlgate.guard.text;

import java.util.Set;

/**
 * A language gate by function words: a text whose words include more German, French, Spanish, Italian, Dutch or
 * Portuguese function words than English ones (and at least two) is "not English". Used by the n-gram rail,
 * whose model is of English-like text, so ordinary prompts in other languages are not flagged as improbable.
 * The price, stated: an attacker who pads a suffix with foreign function words escapes that one rail (the
 * classifier and the heuristics still judge the text).
 */
public final class Language {
    private static final Set<String> ENGLISH = Set.copyOf(java.util.List.of("the", "and", "of", "to", "is", "in", "that", "it", "you",
            "for", "with", "what", "how", "are", "this", "can", "be", "on", "your", "i", "my", "me", "do", "a", "an",
            "as", "was", "have", "not", "or", "from", "by", "at", "about", "which", "would", "should", "will"));
    private static final Set<String> OTHER = Set.copyOf(java.util.List.of(
            // German
            "der", "die", "das", "und", "ist", "ich", "nicht", "mit", "von", "zu", "ein", "eine", "wie", "was",
            "für", "auf", "sich", "den", "dem", "des", "im", "es", "sind", "kann", "gibt", "welche", "mein", "meine",
            "wir", "sie", "werden", "auch", "oder", "bei", "nach",
            // French
            "le", "la", "les", "et", "est", "une", "des", "du", "pour", "que", "qui", "dans", "pas", "sur", "avec",
            "je", "vous", "nous", "comment", "quel", "quelle",
            // Spanish and Portuguese
            "el", "los", "las", "es", "una", "que", "por", "para", "con", "como", "del", "pero", "mas", "não",
            "uma", "os", "em", "se", "qué", "cómo",
            // Italian and Dutch
            "il", "di", "che", "è", "non", "sono", "della", "het", "een", "en", "niet", "ik", "zijn", "wat", "hoe"));

    static {
        if (java.util.stream.Stream.concat(ENGLISH.stream(), OTHER.stream()).anyMatch(w -> w.length() > 7)) {
            throw new IllegalStateException("function words longer than 7 letters need the length cut raised");
        }
    }

    private Language() {
    }

    /** Open-addressing table of the function words: 1 English, 2 other (English wins, as in "was"). */
    private static final String[] WORDS = new String[512];
    private static final byte[] KIND = new byte[512];

    static {
        for (String w : ENGLISH) {
            put(w, (byte) 1);
        }
        for (String w : OTHER) {
            put(w, (byte) 2);
        }
    }

    private static void put(String w, byte kind) {
        int i = slot(w.hashCode());
        while (WORDS[i] != null && !WORDS[i].equals(w)) {
            i = (i + 1) & (WORDS.length - 1);
        }
        if (WORDS[i] == null) {
            WORDS[i] = w;
            KIND[i] = kind;
        }
    }

    private static int slot(int h) {
        return (h ^ (h >>> 9)) & (WORDS.length - 1);
    }

    /** The kind of s[start, end): 0 when it is no listed function word; no substring is built. */
    private static int kind(String s, int start, int end) {
        int h = 0;
        for (int k = start; k < end; k++) {
            h = 31 * h + s.charAt(k);
        }
        for (int i = slot(h); WORDS[i] != null; i = (i + 1) & (WORDS.length - 1)) {
            String w = WORDS[i];
            if (w.length() == end - start && s.regionMatches(start, w, 0, w.length())) {
                return KIND[i];
            }
        }
        return 0;
    }

    /** True when the text reads as another language than English by its function words. */
    public static boolean mostlyNotEnglish(TextView v) {
        String s = v.normalized();
        int english = 0;
        int other = 0;
        Words.Runs runs = Words.runs(s, 4000);
        for (int r = 0; r < runs.count(); r++) {
            int start = runs.start()[r];
            int end = runs.end()[r];
            // Every listed function word has at most 7 letters: longer words need no lookup.
            if (end - start <= 7) {
                int k = kind(s, start, end);
                if (k == 1) {
                    english++;
                } else if (k == 2) {
                    other++;
                }
            }
        }
        return other >= 2 && other > english;
    }
}
