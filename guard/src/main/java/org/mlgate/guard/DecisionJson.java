package org.mlgate.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one JSON form of a decision (snake_case), used by {@code mlgate guard check --format json}, each line of
 * {@code mlgate guard score}, and by any front end that reports decisions:
 * {@code {"line"?, "allowed", "score", "rails": [{"rail", "type", "action", "score", "spans": [[start, end]],
 * "note"?}], "text"?}} — {@code rails} lists the rails that fired, {@code text} is present only when a
 * {@code redact} rail rewrote the text.
 */
public final class DecisionJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    record Fired(String rail, String type, String action, double score, List<int[]> spans, String note) {
    }

    record Line(Integer line, boolean allowed, double score, List<Fired> rails, String text) {
    }

    record Error(int line, String error) {
    }

    private DecisionJson() {
    }

    /** The decision as one line of JSON; {@code line} (1-based) is left out when null. */
    public static String of(Decision d, Integer line) {
        List<Fired> fired = d.fired().stream().map(h -> new Fired(h.rail(), h.type(),
                h.action().name().toLowerCase(java.util.Locale.ROOT), h.score(),
                h.spans().stream().map(s -> new int[] {s.start(), s.end()}).toList(),
                h.note().isEmpty() ? null : h.note())).toList();
        return write(new Line(line, d.allowed(), d.score(), fired, d.redacted() ? d.text() : null));
    }

    /** {@code {"line": N, "error": "..."}}. */
    public static String error(int line, String message) {
        return write(new Error(line, message));
    }

    /** Any report record, pretty-printed, snake_case. */
    public static String pretty(Object report) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
