package org.mlgate.core;

/**
 * The errors a front end turns into a message and an exit code (never a stack trace). Closed: each kind
 * maps to exactly one {@link ExitCode}.
 */
public sealed abstract class MlgateException extends RuntimeException
        permits UsageException, IncompleteException {

    protected MlgateException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract ExitCode exitCode();
}
