package org.mlgate.scan.keras;

import java.util.List;

/**
 * The layout of a Keras 3 {@code .keras} archive: {@code config.json} and {@code metadata.json} at the
 * root (next to {@code model.weights.h5} or {@code .npz}). {@code keras.saving.load_model} reads
 * config.json as JSON whatever it starts with, so the zip reader hands that member to the config handler
 * instead of sniffing it.
 */
public final class KerasArchive {
    public static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    /** The refined format of a top-level .keras archive. */
    public static final String FORMAT = "keras";

    private KerasArchive() {
    }

    public static boolean isKeras(List<String> memberNames) {
        return memberNames.contains(CONFIG) && memberNames.contains(METADATA);
    }
}
