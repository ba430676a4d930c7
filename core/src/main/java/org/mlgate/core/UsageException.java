package org.mlgate.core;

/** The caller asked for something that cannot be done as asked (bad option, bad profile file, ...). */
public final class UsageException extends MlgateException {
    public UsageException(String message) {
        super(message, null);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.USAGE;
    }
}
