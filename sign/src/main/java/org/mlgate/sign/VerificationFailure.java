package org.mlgate.sign;

import org.mlgate.core.MlgateException;
import org.mlgate.core.FailureKind;
import java.util.Locale;
import java.util.Objects;

/**
 * The model or dataset is not verified: the check that failed and a message naming what and where. A
 * verification either returns a {@link Verified} or throws this (or an {@link java.io.IOException} when a
 * file that exists cannot be read).
 */
public final class VerificationFailure extends MlgateException {
    /** Every check a verification makes, in the order it makes them. */
    public enum Check {
        NO_SIGNATURE, MALFORMED_BUNDLE, METHOD_MISMATCH, WRONG_PAYLOAD_TYPE, MALFORMED_STATEMENT,
        WRONG_STATEMENT_TYPE, WRONG_PREDICATE, WRONG_KEY, UNTRUSTED_CERTIFICATE, CERTIFICATE_EXPIRED,
        CERTIFICATE_NOT_YET_VALID, BAD_SIGNATURE, EMPTY_MANIFEST, ROOT_DIGEST_MISMATCH, SCOPE_MISMATCH,
        REFUSED_PATH, FILE_MISSING, FILE_EXTRA, FILE_RENAMED, FILE_CHANGED,
        /** A required attestation (e.g. a scan verdict) does not cover the verified files as required. */
        ATTESTATION_NOT_SATISFIED,
        /** A required attestation was made under a weaker scan policy than the verifier's. */
        ATTESTATION_POLICY_WEAKER,
        /** A signed file, scanned by the verifier itself, is not SAFE (UNSAFE, or ERROR: not proven safe). */
        SCAN_NOT_SAFE;

        /** The id used in messages and JSON output, e.g. {@code file-changed}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Check check;

    public VerificationFailure(Check check, String message) {
        this(check, message, null);
    }

    public VerificationFailure(Check check, String message, Throwable cause) {
        super(check.id() + ": " + message, cause);
        this.check = Objects.requireNonNull(check, "check");
    }

    /** The same failure with {@code context} put before the message (e.g. which bundle it is about). */
    public VerificationFailure within(String context) {
        String m = getMessage().substring(check.id().length() + 2);
        return new VerificationFailure(check, context + ": " + m, this);
    }

    public Check check() {
        return check;
    }

    @Override
    public FailureKind kind() {
        return FailureKind.POLICY;
    }
}
