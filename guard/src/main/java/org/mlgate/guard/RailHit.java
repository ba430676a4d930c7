package org.mlgate.guard;

import java.util.List;

/**
 * One rail's outcome on one text.
 *
 * @param rail   the rail's configured name
 * @param type   its type ({@code classifier}, {@code pii}, ...)
 * @param action what it does when it fires
 * @param fired  whether it fired (score at or above its threshold, a match, an error or a timeout)
 * @param score  its score in [0, 1] (1 for a match, an error or a timeout)
 * @param spans  what it matched, in the checked text (empty for whole-text scores)
 * @param note   why it fired when it did not simply match: {@code error: ...}, {@code timeout}; empty otherwise
 */
public record RailHit(String rail, String type, Action action, boolean fired, double score, List<Span> spans,
                      String note) {
    public RailHit {
        spans = List.copyOf(spans);
    }
}
