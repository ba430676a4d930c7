package org.mlgate.guard.rails;

import java.util.List;
import org.mlgate.guard.Action;
import org.mlgate.guard.Span;
import org.mlgate.guard.model.CharTrigram;
import org.mlgate.guard.text.Brackets;
import org.mlgate.guard.text.Language;
import org.mlgate.guard.text.TextView;

/**
 * Adversarial-suffix detection. Score = min(1, h / 12) where h is the highest mean surprisal, in bits per
 * character, of any {@link CharTrigram#WINDOW}-character window under the trigram model plus that window's excess
 * over the text's mean surprisal ({@link CharTrigram#suffixSurprisal}), halved when every bracket and quote of the
 * text pairs ({@link Brackets}): code, data and e-mail addresses are improbable too, but an optimised suffix has
 * no syntax. Script gate: when
 * fewer than {@code minLatinShare} of the letters are Latin script, or its function words are mostly of another
 * language than English ({@link Language}), the text is not judged (score 0), so Chinese, Russian, Arabic or
 * German prompts are not flagged for being improbable under a model of English-like text.
 */
public record NgramPerplexityRail(String name, Action action, double threshold, double minLatinShare,
                                  CharTrigram model) implements Rail {
    /** Default lower bound on the share of letters in Latin script for a text to be judged. */
    public static final double DEFAULT_MIN_LATIN_SHARE = 0.8;
    /** Bits per character that map to score 1. */
    public static final double FULL_SCALE_BITS = 12;
    private static final int MAX_CHARS = 20_000;
    /** Unpaired brackets and quotes from which a text counts as having no syntax ({@link Brackets}): one. */
    static final int MIN_UNPAIRED = 1;
    /** Weight of the surprisal score of a text whose brackets and quotes pair. */
    static final double SYNTACTIC_WEIGHT = 0.5;

    @Override
    public String type() {
        return "ngram_perplexity";
    }

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        if (latinShare(text.original()) < minLatinShare || Language.mostlyNotEnglish(text)) {
            return Detection.NONE;
        }
        double h = model.suffixSurprisal(text, MAX_CHARS);
        double score = Math.min(1, h / FULL_SCALE_BITS);
        if (Brackets.unpaired(text.original()) < MIN_UNPAIRED) {
            // Improbable but syntactic (code, data, addresses): pairs its brackets and quotes; weighed down.
            score *= SYNTACTIC_WEIGHT;
        }
        return score == 0 ? Detection.NONE : new Detection(score, List.<Span>of());
    }

    /** Share of letters in Latin script; 1 when there are no letters. */
    static double latinShare(String s) {
        int letters = 0;
        int latin = 0;
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c < 0x80) {
                // ASCII letters are Latin script: no Unicode script lookup on the common path.
                i++;
                if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                    letters++;
                    latin++;
                }
                continue;
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                letters++;
                if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
                    latin++;
                }
            }
        }
        return letters == 0 ? 1 : (double) latin / letters;
    }
}
