package org.mlgate.train.sanitize;

import java.util.Arrays;
import java.util.Locale;
import org.mlgate.core.UsageException;

/** The poisoning detectors, by the name reports and the command line use. */
public enum Detector {
    /** Out-of-range values and exact values unusually frequent in one class: how tabular triggers look. */
    RARE_VALUE("rare-value"),
    /**
     * Rows equal to a row of another class in every feature but one or two (among them at least two continuous
     * values, which never coincide by chance): a copy stamped with a trigger and relabelled. The copy is the side
     * a cross-validated model finds less likely under its label.
     */
    NEAR_COPY("near-copy"),
    /** Per-class spectral signatures on centred representations (Tran, Li and Mądry 2018). */
    SPECTRAL_SIGNATURE("spectral-signature"),
    /** Per-class 2-means on a low-dimensional projection of the representations (Chen et al. 2018). */
    ACTIVATION_CLUSTERING("activation-clustering"),
    /** Labels improbable beyond the label noise their neighbourhood shows ({@link CalibratedLabelTest}). */
    KNN_LABEL("knn-label"),
    /** Labels improbable beyond the label noise a cross-validated model predicts ({@link CalibratedLabelTest}). */
    MODEL_LABEL("model-label");

    private final String label;

    Detector(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Detector parse(String s) {
        for (Detector d : values()) {
            if (d.label.equals(s.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new UsageException("unknown detector '" + s + "'; known: " + Arrays.stream(values()).map(Detector::label)
                .toList());
    }
}
