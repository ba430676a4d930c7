package org.mlgate.guard.rails;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.mlgate.guard.Action;
import org.mlgate.guard.Span;
import org.mlgate.guard.text.TextView;

/** User patterns, case-insensitive, over the original text and its normalised form (so homoglyphs do not hide). */
public record RegexRail(String name, Action action, List<Pattern> patterns) implements Rail {
    public static RegexRail of(String name, Action action, List<String> patterns) {
        return new RegexRail(name, action, patterns.stream()
                .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)).toList());
    }

    @Override
    public String type() {
        return "regex";
    }

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        List<Span> spans = new ArrayList<>();
        for (Pattern p : patterns) {
            spans.addAll(Matches.inOriginal(p, text, deadline));
            spans.addAll(Matches.inView(p, text.normalized(), text, deadline));
        }
        return Detection.matched(Matches.merge(spans));
    }
}
