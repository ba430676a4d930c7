package org.mlgate.guard.rails;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mlgate.guard.Span;
import org.mlgate.guard.text.TextView;

/** Runs patterns under a deadline over the original or a normalised view, with spans in the original. */
final class Matches {
    private Matches() {
    }

    /** Every match of {@code p} in the original text. */
    static List<Span> inOriginal(Pattern p, TextView t, Deadline d) {
        List<Span> out = new ArrayList<>();
        Matcher m = p.matcher(d.guard(t.original()));
        while (m.find()) {
            out.add(new Span(m.start(), m.end()));
        }
        return out;
    }

    /** Every match of {@code p} in a view of the same length as {@link TextView#normalized()}, mapped back. */
    static List<Span> inView(Pattern p, String view, TextView t, Deadline d) {
        List<Span> out = new ArrayList<>();
        Matcher m = p.matcher(d.guard(view));
        while (m.find()) {
            if (m.end() > m.start()) {
                out.add(new Span(t.originStart(m.start()), t.originEnd(m.end())));
            }
        }
        return out;
    }

    /** Spans sorted, overlapping ones merged. */
    static List<Span> merge(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start())
                : Integer.compare(a.end(), b.end()));
        List<Span> out = new ArrayList<>();
        for (Span s : sorted) {
            if (!out.isEmpty() && s.start() <= out.getLast().end()) {
                Span last = out.removeLast();
                out.add(new Span(last.start(), Math.max(last.end(), s.end())));
            } else {
                out.add(s);
            }
        }
        return out;
    }
}
