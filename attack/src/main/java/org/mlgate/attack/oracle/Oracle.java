package org.mlgate.attack.oracle;

import java.util.List;
import java.util.Map;

/**
 * A model the attacker can query: a local package (white-box, {@link LocalOracle}) or an HTTP prediction endpoint
 * ({@link HttpOracle}). Rows are named like the target's features (numbers as {@code Double}, categories as
 * {@code String}). Callers count queries through {@link Queries}, never by calling this directly.
 */
public sealed interface Oracle permits LocalOracle, HttpOracle {
    /** Answers for {@code rows}, in order; throws {@link TargetRefused} on a rate limit or spent budget. */
    List<Answer> ask(List<Map<String, Object>> rows);

    /** A short description for messages (the folder or URL, never a key). */
    String describe();
}
