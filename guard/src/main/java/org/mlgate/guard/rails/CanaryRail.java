package org.mlgate.guard.rails;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mlgate.guard.Action;
import org.mlgate.guard.Span;
import org.mlgate.guard.text.TextView;

/**
 * Canary tokens planted in a system prompt: if one appears in an answer, the system prompt leaked. Matched in
 * the normalised text (zero-width characters, full-width forms and case removed) and, for tokens of 8 or more
 * letters and digits, in the text with everything but letters and digits removed, so spacing or punctuating the
 * token out does not hide it.
 */
public record CanaryRail(String name, Action action, List<String> tokens) implements Rail {
    @Override
    public String type() {
        return "canary";
    }

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        List<Span> spans = new ArrayList<>();
        String norm = text.normalized();
        StringBuilder compact = new StringBuilder(norm.length());
        List<Integer> compactOrigin = new ArrayList<>();
        for (int i = 0; i < norm.length(); i++) {
            char c = norm.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                compact.append(c);
                compactOrigin.add(i);
            }
        }
        for (String token : tokens) {
            deadline.check();
            String t = TextView.of(token).normalized();
            find(norm, t, spans, text, null);
            StringBuilder tc = new StringBuilder();
            t.chars().filter(Character::isLetterOrDigit).forEach(c -> tc.append((char) c));
            if (tc.length() >= 8) {
                find(compact.toString(), tc.toString().toLowerCase(Locale.ROOT), spans, text, compactOrigin);
            }
        }
        return Detection.matched(Matches.merge(spans));
    }

    private static void find(String hay, String needle, List<Span> out, TextView text, List<Integer> origin) {
        for (int at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
            int from = origin == null ? at : origin.get(at);
            int to = origin == null ? at + needle.length() : origin.get(at + needle.length() - 1) + 1;
            out.add(new Span(text.originStart(from), text.originEnd(to)));
        }
    }
}
