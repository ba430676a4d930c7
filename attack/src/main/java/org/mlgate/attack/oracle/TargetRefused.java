package org.mlgate.attack.oracle;

/**
 * The target refused to answer any more (HTTP 429 rate limit or 403 budget spent). Not a failure: {@link Queries}
 * turns it into {@code stopped} and the attack ends cleanly with what it has.
 */
public final class TargetRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public TargetRefused(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** Machine-readable: {@code rate_limited} or {@code budget_exhausted}. */
    public String reason() {
        return reason;
    }
}
