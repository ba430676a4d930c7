package org.mlgate.guard;

/** What a rail that fired does to the text. */
public enum Action {
    /** Refuse the text: the decision is not allowed. */
    BLOCK,
    /** Replace the matched spans with {@code [REDACTED:<rail>]} and let the rest through. */
    REDACT,
    /** Let the text through unchanged and report the rail. */
    FLAG
}
