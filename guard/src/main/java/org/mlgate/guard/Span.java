package org.mlgate.guard;

/** A [start, end) range of UTF-16 offsets in the text that was checked. */
public record Span(int start, int end) {
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }
}
