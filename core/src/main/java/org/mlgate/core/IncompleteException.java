package org.mlgate.core;

/** The work could not be finished (I/O failure, unreadable input); never means "safe". */
public final class IncompleteException extends MlgateException {
    public IncompleteException(String message) {
        super(message, null);
    }

    public IncompleteException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.INCOMPLETE;
    }
}
