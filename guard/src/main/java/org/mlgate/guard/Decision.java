package org.mlgate.guard;

import java.util.List;

/**
 * The guard's answer for one text. {@code allowed} is false exactly when a rail whose action is {@code block}
 * fired (a rail error or timeout counts as a block: fail closed). {@code text} is the text to pass on: the input
 * with every span of a fired {@code redact} rail replaced, or the input unchanged.
 *
 * @param allowed whether the text may pass
 * @param text    the text to pass on (redacted when a redact rail fired)
 * @param score   the highest score of any rail
 * @param hits    every rail's outcome, in configuration order
 */
public record Decision(boolean allowed, String text, double score, List<RailHit> hits) {
    public Decision {
        hits = List.copyOf(hits);
    }

    /** The rails that fired. */
    public List<RailHit> fired() {
        return hits.stream().filter(RailHit::fired).toList();
    }

    public boolean redacted() {
        return hits.stream().anyMatch(h -> h.fired() && h.action() == Action.REDACT);
    }
}
