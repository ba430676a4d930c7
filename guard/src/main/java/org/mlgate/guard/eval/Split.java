package org.mlgate.guard.eval;

/** How a prompt is used. */
public enum Split {
    /** Trains the classifier and the n-gram model. */
    FIT,
    /** Fits thresholds (benign rows only are used). */
    CALIBRATION,
    /** Measures detection and false positives. */
    TEST
}
