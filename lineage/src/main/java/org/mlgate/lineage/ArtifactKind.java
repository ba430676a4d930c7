package org.mlgate.lineage;

import java.util.Locale;

/** What a digest in the lineage graph stands for. */
public enum ArtifactKind {
    DATASET, CODE, MODEL, RUN, SCAN, DEPLOYMENT;

    /** The lower-case name used in JSON, the database and annotations ("dataset"). */
    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ArtifactKind fromLabel(String label) {
        for (ArtifactKind k : values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown artifact kind '" + label + "' (dataset, code, model, run, scan, "
                + "deployment)");
    }
}
