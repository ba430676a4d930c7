package org.mlgate.train.sanitize;

import java.util.Locale;
import org.mlgate.core.UsageException;

/**
 * What the spectral and clustering detectors look at: the encoded features standardised per column (what a linear
 * model sees), or the hidden activations of a reference MLP trained on the data (what a network learns: a backdoor
 * trigger is a feature it must represent, so poison separates there even when raw features barely differ).
 */
public enum Representation {
    FEATURES("features"),
    ACTIVATIONS("activations");

    private final String label;

    Representation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Representation parse(String s) {
        for (Representation r : values()) {
            if (r.label.equals(s.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new UsageException("--representation must be features or activations, got '" + s + "'");
    }
}
