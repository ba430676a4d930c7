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

    private Language() {
    }

    /** True when the text reads as another language than English by its function words. */
    public static boolean mostlyNotEnglish(TextView v) {
        String s = v.normalized();
        int english = 0;
        int other = 0;
        int i = 0;
        int n = Math.min(s.length(), 4000);
        while (i < n) {
            while (i < n && !Character.isLetter(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && Character.isLetter(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                String w = s.substring(start, i);
                if (ENGLISH.contains(w)) {
                    english++;
                } else if (OTHER.contains(w)) {
                    other++;
                }
            }
        }
        return other >= 2 && other > english;
    }
}
