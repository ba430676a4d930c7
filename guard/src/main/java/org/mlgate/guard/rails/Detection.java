package org.mlgate.guard.rails;

import java.util.List;
import org.mlgate.guard.Span;

/** What a rail's detector found: a score in [0, 1] and the spans behind it (empty for whole-text scores). */
public record Detection(double score, List<Span> spans) {
    public static final Detection NONE = new Detection(0, List.of());

    public Detection {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score " + score + " outside [0, 1]");
        }
        spans = List.copyOf(spans);
    }

    public static Detection matched(List<Span> spans) {
        return spans.isEmpty() ? NONE : new Detection(1, spans);
    }
}
