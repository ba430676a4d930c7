package org.mlgate.core;

import java.util.Objects;

/** A check with a stable id. Reports list the rules they used (SARIF {@code tool.driver.rules}). */
public record Rule(String id, String name, Severity defaultSeverity, String description, String remediation) {
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultSeverity, "defaultSeverity");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(remediation, "remediation");
    }
}
