package org.mlgate.guard;

import java.util.Locale;

/** The human-readable form of a decision ({@code mlgate guard check}): a verdict line, then each rail that fired. */
public final class DecisionText {
    private DecisionText() {
    }

    public static String of(Decision d, String checked) {
        StringBuilder b = new StringBuilder();
        b.append(d.allowed() ? (d.redacted() ? "ALLOWED (redacted)" : d.fired().isEmpty() ? "ALLOWED" : "ALLOWED (flagged)")
                : "BLOCKED").append(String.format(Locale.ROOT, "  score %.3f%n", d.score()));
        for (RailHit h : d.fired()) {
            b.append(String.format(Locale.ROOT, "  %s %s (%s) score %.3f", h.action().name().toLowerCase(Locale.ROOT),
                    h.rail(), h.type(), h.score()));
            if (!h.note().isEmpty()) {
                b.append(" [").append(h.note()).append(']');
            }
            for (Span s : h.spans().subList(0, Math.min(3, h.spans().size()))) {
                b.append(String.format(Locale.ROOT, "%n    at %d..%d: \"%s\"", s.start(), s.end(),
                        excerpt(checked, s)));
            }
            if (h.spans().size() > 3) {
                b.append(String.format(Locale.ROOT, "%n    and %d more", h.spans().size() - 3));
            }
            b.append(System.lineSeparator());
        }
        if (d.redacted()) {
            b.append("  text: ").append(d.text()).append(System.lineSeparator());
        }
        return b.toString();
    }

    private static String excerpt(String text, Span s) {
        String t = text.substring(s.start(), Math.min(s.end(), text.length()));
        if (t.length() > 80) {
            t = t.substring(0, 80) + "…";
        }
        StringBuilder b = new StringBuilder();
        t.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
