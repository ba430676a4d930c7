package org.mlgate.train.data;

import java.util.List;

/**
 * What the file itself declares about a column. CSV and JSON Lines declare nothing ({@link Undeclared});
 * ARFF headers declare numeric and nominal attributes, and the reader has already checked every cell
 * against that declaration.
 */
public sealed interface ColumnType {
    /** No declaration: cells are text, the schema decides. */
    record Undeclared() implements ColumnType { }

    /** ARFF numeric, real or integer: every cell parsed as a finite number. */
    record Numeric() implements ColumnType { }

    /** ARFF nominal or a format's fixed label: every cell is one of {@code values}, in declared order. */
    record Nominal(List<String> values) implements ColumnType {
        public Nominal {
            values = List.copyOf(values);
        }
    }

    /** ARFF string: free text. */
    record Text() implements ColumnType { }

    ColumnType UNDECLARED = new Undeclared();
}
