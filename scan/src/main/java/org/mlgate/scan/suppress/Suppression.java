package org.mlgate.scan.suppress;

import java.time.LocalDate;
import java.util.Objects;
import org.mlgate.core.Digest;

/**
 * One accepted risk: findings of {@code rule} in the file whose SHA-256 is {@code sha256} are not counted
 * until {@code expires} (inclusive). Pinned to the file's bytes: any change to the file voids it.
 *
 * @param index position in its file (for messages that point at the entry)
 */
public record Suppression(Digest sha256, String rule, String reason, LocalDate expires, String source, int index) {
    public Suppression {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(source, "source");
    }

    public boolean activeOn(LocalDate day) {
        return !day.isAfter(expires);
    }

    /** "FILE entry #N" for messages. */
    public String where() {
        return source + " entry #" + index;
    }
}
