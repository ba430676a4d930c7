package org.mlgate.scan.engine;

import org.mlgate.core.Problem;

/**
 * Stops the analysis of the current stream or member. The problem is recorded and the result can no
 * longer be SAFE. Findings already recorded stay.
 */
public class ScanAbort extends Exception {
    private final Problem.Kind kind;
    private final long offset;

    public ScanAbort(Problem.Kind kind, long offset, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.offset = offset;
    }

    public Problem.Kind kind() {
        return kind;
    }

    public long offset() {
        return offset;
    }

    public static ScanAbort malformed(long offset, String message) {
        return new ScanAbort(Problem.Kind.MALFORMED, offset, message);
    }

    public static ScanAbort budget(long offset, String message) {
        return new ScanAbort(Problem.Kind.BUDGET, offset, message);
    }
}
