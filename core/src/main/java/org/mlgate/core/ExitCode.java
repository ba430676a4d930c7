package org.mlgate.core;

/** Process exit codes shared by every front end; documented in README.md. */
public enum ExitCode {
    /** Everything checked and found acceptable. */
    OK(0),
    /** A policy said no: unsafe, unverified, blocked. */
    POLICY_FAILURE(1),
    /** The command line was wrong. */
    USAGE(2),
    /** The work could not be completed; treated as a failure. */
    INCOMPLETE(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
