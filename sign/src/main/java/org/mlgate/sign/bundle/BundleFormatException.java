package org.mlgate.sign.bundle;

/** A bundle or statement that does not have the required structure; the message names the field. */
public final class BundleFormatException extends RuntimeException {
    public BundleFormatException(String message) {
        super(message);
    }

    public BundleFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
