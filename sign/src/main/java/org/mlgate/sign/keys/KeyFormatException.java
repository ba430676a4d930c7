package org.mlgate.sign.keys;

/** A key or certificate file that cannot be used; the message names the file and what is wrong. */
public final class KeyFormatException extends RuntimeException {
    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
