package org.mlgate.core;

import java.util.Objects;

/** One thing a check found: which rule, how bad, where, why it matters and what to do. */
public record Finding(String ruleId, Severity severity, Location location, String message, String remediation) {
    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(remediation, "remediation");
    }

    public static Finding of(Rule rule, Severity severity, Location location, String message) {
        return new Finding(rule.id(), severity, location, message, rule.remediation());
    }
}
