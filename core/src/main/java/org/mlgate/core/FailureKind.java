package org.mlgate.core;

/**
 * What kind of failure a {@link MlgateException} is. Each front end maps it once: the CLI to an {@link ExitCode},
 * an HTTP server to a status. Nothing else decides how a failure is reported.
 */
public enum FailureKind {
    /** A policy said no: unsafe, unverified, inconsistent, blocked. */
    POLICY,
    /** The caller asked for something that cannot be done as asked. */
    USAGE,
    /** The work could not be completed (I/O failure, unreadable or malformed input); never means "safe". */
    INCOMPLETE
}
