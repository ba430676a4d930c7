package org.mlgate.scan.policy;

/** What the policy says about one imported global. */
public sealed interface Classification {
    /** Exactly allowed by an active profile. */
    record Allowed(String profileId) implements Classification { }

    /** Known dangerous: why. */
    record Denied(String reason) implements Classification { }

    /** Neither: default deny. */
    record Unknown() implements Classification { }
}
