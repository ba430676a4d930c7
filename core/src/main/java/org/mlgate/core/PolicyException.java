package org.mlgate.core;

/** A policy said no: the input is unsafe, unverified or inconsistent with what it claims. */
public class PolicyException extends MlgateException {
    public PolicyException(String message) {
        super(message, null);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.POLICY;
    }
}
