package org.mlgate.lineage;

import org.mlgate.core.MlgateException;
import org.mlgate.core.FailureKind;

/**
 * A record refused, and why: its signature did not verify (or a signed bundle came with nothing to verify it
 * against), or the file is not a statement the store understands.
 */
public final class LineageException extends MlgateException {
    /** Why a record was refused. */
    public enum Reason {
        /** Signed, but not verified: a policy refusal. */
        UNVERIFIED,
        /** Not JSON, not an in-toto statement, an unknown predicate, a missing field. */
        MALFORMED
    }

    private final Reason reason;

    public LineageException(String message) {
        this(Reason.MALFORMED, message, null);
    }

    public LineageException(String message, Throwable cause) {
        this(Reason.MALFORMED, message, cause);
    }

    public LineageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public static LineageException unverified(String message) {
        return new LineageException(Reason.UNVERIFIED, message, null);
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public FailureKind kind() {
        return reason == Reason.UNVERIFIED ? FailureKind.POLICY : FailureKind.INCOMPLETE;
    }
}
