package org.mlgate.core;

import java.util.Objects;

/**
 * Why an analysis could not be finished (parse error, budget hit, unreadable member). A result with a
 * problem is never "safe": it is at best "not proven safe".
 */
public record Problem(Kind kind, Location location, String message) {
    public enum Kind { MALFORMED, BUDGET, UNSUPPORTED, IO }

    public Problem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }
}
