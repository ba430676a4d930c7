package org.mlgate.sign.keys;

/** "a DSA key", "an RSA key", "an EdDSA key": the indefinite article for an algorithm name, by how it is spoken. */
public final class Articles {
    /** Letters whose spoken name starts with a vowel sound (eff, aitch, ell, em, en, ar, ess, ex, ...). */
    private static final String VOWEL_SOUND_LETTERS = "AEFHILMNORSX";

    private Articles() {
    }

    /** {@code word} with "a " or "an " before it. */
    public static String withArticle(String word) {
        if (word == null || word.isEmpty()) {
            return "a " + word;
        }
        char first = word.charAt(0);
        boolean initialism = word.length() > 1 && Character.isUpperCase(first)
                && (Character.isUpperCase(word.charAt(1)) || Character.isDigit(word.charAt(1)));
        boolean vowel = initialism ? VOWEL_SOUND_LETTERS.indexOf(first) >= 0
                : "aeiouAEIOU".indexOf(first) >= 0;
        return (vowel ? "an " : "a ") + word;
    }
}
