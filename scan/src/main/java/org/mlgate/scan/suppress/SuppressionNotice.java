package org.mlgate.scan.suppress;

import java.util.Objects;

/** A suppression that did nothing in this scan, and why: it matched no finding, or it has expired. */
public record SuppressionNotice(Status status, Suppression suppression, String message) {
    public enum Status { UNUSED, EXPIRED }

    public SuppressionNotice {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(suppression, "suppression");
        Objects.requireNonNull(message, "message");
    }
}
