package org.mlgate.sign.hash;

import org.mlgate.core.MlgateException;
import org.mlgate.core.FailureKind;
import java.nio.file.Path;

/** A path in the model that is never hashed: a symbolic link, a device, pipe or socket, an unmappable name. */
public final class RefusedPathException extends MlgateException {
    private final transient Path path;

    public RefusedPathException(Path path, String reason) {
        super("refusing " + path + ": " + reason, null);
        this.path = path;
    }

    public Path path() {
        return path;
    }

    @Override
    public FailureKind kind() {
        return FailureKind.POLICY;
    }
}
