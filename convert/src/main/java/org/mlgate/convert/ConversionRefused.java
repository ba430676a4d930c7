package org.mlgate.convert;

import org.mlgate.core.MlgateException;
import org.mlgate.core.FailureKind;
import java.util.List;
import org.mlgate.core.Finding;

/**
 * A checkpoint that is not converted, and why: the scanner's verdict (with its findings), a global or call
 * outside the reconstruction allowlist (named, with the byte offset of the opcode in the pickle), or structure
 * the converter does not handle. Nothing has been written when this is thrown.
 */
public final class ConversionRefused extends MlgateException {
    /** Why conversion stopped. */
    public enum Reason {
        /** The scanner's verdict was not SAFE. */
        SCAN_VERDICT,
        /** A global (or a call) outside the reconstruction allowlist. */
        GLOBAL_NOT_ALLOWED,
        /** Not a PyTorch zip checkpoint, or one whose structure is malformed or unsupported. */
        UNSUPPORTED,
        /** A size or count limit was exceeded. */
        BUDGET
    }

    private final Reason reason;
    private final String global;
    private final long offset;
    private final List<Finding> findings;

    ConversionRefused(Reason reason, String global, long offset, List<Finding> findings, String message) {
        super(message, null);
        this.reason = reason;
        this.global = global;
        this.offset = offset;
        this.findings = List.copyOf(findings);
    }

    static ConversionRefused global(String global, long offset, String why) {
        return new ConversionRefused(Reason.GLOBAL_NOT_ALLOWED, global, offset, List.of(),
                "refused: " + why + " " + global + " at byte " + offset + " of the pickle");
    }

    static ConversionRefused unsupported(long offset, String message) {
        return new ConversionRefused(Reason.UNSUPPORTED, null, offset, List.of(),
                "refused: " + message + (offset >= 0 ? " (at byte " + offset + ")" : ""));
    }

    static ConversionRefused budget(long offset, String message) {
        return new ConversionRefused(Reason.BUDGET, null, offset, List.of(),
                "refused: " + message + (offset >= 0 ? " (at byte " + offset + ")" : ""));
    }

    public Reason reason() {
        return reason;
    }

    /** The offending global as {@code module.name}, for {@link Reason#GLOBAL_NOT_ALLOWED}; else null. */
    public String global() {
        return global;
    }

    /** Byte offset in the pickle (or file) where conversion stopped; -1 when not tied to one. */
    public long offset() {
        return offset;
    }

    /** The scanner's findings, for {@link Reason#SCAN_VERDICT}. */
    public List<Finding> findings() {
        return findings;
    }

    /** A global outside the allowlist or a non-SAFE scan is a policy refusal; the rest could not be converted. */
    @Override
    public FailureKind kind() {
        return reason == Reason.GLOBAL_NOT_ALLOWED || reason == Reason.SCAN_VERDICT ? FailureKind.POLICY
                : FailureKind.INCOMPLETE;
    }
}
