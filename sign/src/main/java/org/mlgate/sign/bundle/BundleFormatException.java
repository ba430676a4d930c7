package org.mlgate.sign.bundle;

import org.mlgate.core.MlgateException;
import org.mlgate.core.FailureKind;

/** A bundle or statement that does not have the required structure; the message names the field. */
public final class BundleFormatException extends MlgateException {
    public BundleFormatException(String message) {
        super(message, null);
    }

    public BundleFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.INCOMPLETE;
    }
}
