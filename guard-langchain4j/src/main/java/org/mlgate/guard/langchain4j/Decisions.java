package org.mlgate.guard.langchain4j;

import java.util.Locale;
import java.util.stream.Collectors;
import org.mlgate.guard.Decision;

/** The failure message of a blocked decision: which rails fired, with their scores. */
final class Decisions {
    private Decisions() {
    }

    static String reason(Decision d) {
        return "blocked by mlgate guard: " + d.fired().stream()
                .map(h -> String.format(Locale.ROOT, "%s (%s, score %.3f%s)", h.rail(), h.type(), h.score(),
                        h.note().isEmpty() ? "" : ", " + h.note()))
                .collect(Collectors.joining(", "));
    }
}
