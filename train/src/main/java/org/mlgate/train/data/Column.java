package org.mlgate.train.data;

import java.util.Objects;

/** A column of a {@link Table}: its name and what the file declared about it. */
public record Column(String name, ColumnType type) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static Column undeclared(String name) {
        return new Column(name, ColumnType.UNDECLARED);
    }
}
