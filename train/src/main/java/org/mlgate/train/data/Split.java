package org.mlgate.train.data;

/**
 * A train/test partition of a {@link Dataset}; see {@link Splitter}. {@code trainRows} and {@code testRows} are the
 * partitioned dataset's row indices of each side, in order (what {@code --save-split} records).
 */
public record Split(Dataset train, Dataset test, int[] trainRows, int[] testRows) {
    /** A partition whose row indices are not known (made by hand in tests). */
    public Split(Dataset train, Dataset test) {
        this(train, test, null, null);
    }
}
