package org.mlgate.lineage;

import java.util.Locale;

/**
 * How one artifact led to another. Edges always point downstream — from what was used to what was made — so the
 * artifacts a poisoned dataset touched are everything reachable from it.
 */
public enum Relation {
    /** dataset → run: the run read it. */
    INPUT,
    /** code → run: the run executed it. */
    CODE,
    /** model → run: the run started from it (fine-tuning, distillation). */
    BASE_MODEL,
    /** run → artifact: the run produced it. */
    PRODUCED,
    /** artifact → scan: a scan judged it. */
    SCANNED,
    /** model → deployment: the deployment serves it. */
    DEPLOYED;

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Relation fromLabel(String label) {
        for (Relation r : values()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown relation '" + label + "'");
    }
}
