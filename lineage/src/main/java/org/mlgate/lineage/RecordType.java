package org.mlgate.lineage;

import java.util.Locale;

/** What a recorded statement says. */
public enum RecordType {
    /** SLSA provenance of a run: inputs → run → outputs. */
    PROVENANCE,
    /** A model-signing (OMS) signature over a model or dataset. */
    SIGNATURE,
    /** A scan attestation: an artifact's scan result. */
    SCAN,
    /** A deployment serving a model. */
    DEPLOYMENT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
