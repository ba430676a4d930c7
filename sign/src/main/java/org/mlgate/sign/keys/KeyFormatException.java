package org.mlgate.sign.keys;

import org.mlgate.core.MlgateException;
import org.mlgate.core.FailureKind;

/** A key or certificate file that cannot be used; the message names the file and what is wrong. */
public final class KeyFormatException extends MlgateException {
    public KeyFormatException(String message) {
        super(message, null);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.USAGE;
    }
}
