package org.mlgate.tensors;

/**
 * A safetensors file that violates the format: which rule it breaks, the byte offset in the file where
 * that shows (-1 if none applies) and the tensor concerned (null if none).
 */
public final class SafetensorsException extends Exception {
    /** What is wrong. */
    public enum Kind {
        HEADER_TOO_SMALL, HEADER_TOO_LARGE, HEADER_PAST_END, INVALID_UTF8, INVALID_JSON, DUPLICATE_KEY,
        NOT_AN_OBJECT, INVALID_METADATA, UNKNOWN_DTYPE, INVALID_SHAPE, INVALID_OFFSETS, SIZE_MISMATCH,
        OVERLAP_OR_GAP, TRAILING_DATA, TOO_MANY_TENSORS
    }

    private final Kind kind;
    private final long offset;
    private final String tensor;

    public SafetensorsException(Kind kind, long offset, String tensor, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.offset = offset;
        this.tensor = tensor;
    }

    public Kind kind() {
        return kind;
    }

    public long offset() {
        return offset;
    }

    public String tensor() {
        return tensor;
    }
}
