package org.mlgate.sign.hash;

import java.nio.file.Path;

/** A path in the model that is never hashed: a symbolic link, a device, pipe or socket, an unmappable name. */
public final class RefusedPathException extends RuntimeException {
    private final transient Path path;

    public RefusedPathException(Path path, String reason) {
        super("refusing " + path + ": " + reason);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
