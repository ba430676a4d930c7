package org.mlgate.lineage;

/** A record refused (unsigned where a signature is required, a signature that does not verify, a malformed file). */
public final class LineageException extends Exception {
    public LineageException(String message) {
        super(message);
    }

    public LineageException(String message, Throwable cause) {
        super(message, cause);
    }
}
