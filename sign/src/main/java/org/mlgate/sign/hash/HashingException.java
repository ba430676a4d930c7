package org.mlgate.sign.hash;

import java.io.IOException;
import java.nio.file.Path;

/** A file could not be hashed completely; no digest of a partial read is ever produced. */
public final class HashingException extends IOException {
    private final transient Path path;
    private final String reason;

    public HashingException(Path path, String message, Throwable cause) {
        super("cannot hash " + path + ": " + message, cause);
        this.path = path;
        this.reason = message;
    }

    public Path path() {
        return path;
    }

    /** Why, without the path. */
    public String reason() {
        return reason;
    }
}
