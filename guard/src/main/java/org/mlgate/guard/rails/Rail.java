package org.mlgate.guard.rails;

import org.mlgate.guard.Action;
import org.mlgate.guard.text.TextView;

/**
 * One detector with its action and threshold. Implementations are immutable and thread-safe; {@link #detect}
 * must be linear in the text or read it through {@link Deadline#guard(CharSequence)} so a time budget stops it.
 */
public interface Rail {
    String name();

    /** The rail type as written in {@code config.yml}. */
    String type();

    Action action();

    /** The rail fires when its score is at or above this; 1 for rails that match (score 1 on a match). */
    default double threshold() {
        return 1;
    }

    Detection detect(TextView text, Deadline deadline);
}
