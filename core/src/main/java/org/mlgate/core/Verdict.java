package org.mlgate.core;

/** The outcome for one artifact. */
public enum Verdict {
    /** Fully analysed, nothing at or above the threshold. */
    SAFE,
    /** At least one finding at or above the threshold. */
    UNSAFE,
    /** Could not be fully analysed and nothing at or above the threshold was found: not proven safe. */
    ERROR
}
