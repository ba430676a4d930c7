package org.mlgate.guard.rails;

import java.util.List;
import org.mlgate.guard.Action;
import org.mlgate.guard.Span;
import org.mlgate.guard.text.TextView;

/**
 * Fires when the text has more than {@code maxTokens} tokens, counted without a tokenizer: each run of letters or
 * digits, each other visible character, and each CJK character is one token (close to, and for English usually
 * above, a BPE count divided by 1.3).
 */
public record TokenLimitRail(String name, Action action, int maxTokens) implements Rail {
    @Override
    public String type() {
        return "token_limit";
    }

    public static int count(String s) {
        int tokens = 0;
        boolean inWord = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean ideographic = Character.isIdeographic(cp);
            if (Character.isLetterOrDigit(cp) && !ideographic) {
                if (!inWord) {
                    tokens++;
                }
                inWord = true;
            } else {
                inWord = false;
                if (!Character.isWhitespace(cp)) {
                    tokens++;
                }
            }
        }
        return tokens;
    }

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        int n = count(text.original());
        if (n > maxTokens) {
            return new Detection(1, List.of(new Span(0, text.original().length())));
        }
        return new Detection((double) n / (maxTokens + 1), List.of());
    }
}
