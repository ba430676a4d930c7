package org.mlgate.core;

/**
 * The errors a front end turns into a message and an outcome (never a stack trace). Every domain exception of
 * mlgate extends this and says which {@link FailureKind} it is; the CLI maps that to an exit code once, in its
 * entry point, and a server to an HTTP status once, in its error handler.
 */
public abstract class MlgateException extends RuntimeException {

    protected MlgateException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract FailureKind kind();

}
