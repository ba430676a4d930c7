package org.mlgate.scan.suppress;

import java.time.LocalDate;
import java.util.Objects;
import org.mlgate.core.Finding;

/** A finding that an active suppression took out of the verdict, with the suppression's reason. */
public record SuppressedFinding(Finding finding, String reason, LocalDate expires, String suppressedBy) {
    public SuppressedFinding {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(suppressedBy, "suppressedBy");
    }
}
