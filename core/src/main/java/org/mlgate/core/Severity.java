package org.mlgate.core;

import java.util.Locale;

/** How much a finding matters. Ordered: a threshold compares with {@link #atLeast}. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public boolean atLeast(Severity threshold) {
        return compareTo(threshold) >= 0;
    }

    /** Parses a user-supplied name (case-insensitive); throws {@link UsageException} naming the valid values. */
    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UsageException("unknown severity '" + text + "' (expected one of INFO, LOW, MEDIUM, HIGH, CRITICAL)");
        }
    }

    /** SARIF's coarse level for this severity. */
    public String sarifLevel() {
        return switch (this) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }
}
