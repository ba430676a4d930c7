package org.mlgate.train.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A data file as read: unique column names and text cells, one {@code String[]} per row, each exactly as
 * wide as the header and never null (readers refuse missing values). {@code lines} gives the line on which
 * each row starts, so later stages (schema inference, encoding) can still name {@code file:line:column}.
 * Arrays are shared, not copied: a table is built once by a reader and then only read.
 */
public record Table(String source, List<Column> columns, List<String[]> rows, int[] lines) {
    public Table {
        Objects.requireNonNull(source, "source");
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        Objects.requireNonNull(lines, "lines");
        if (lines.length != rows.size()) {
            throw new IllegalArgumentException("one line number per row");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (seen.put(columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException("duplicate column " + columns.get(i).name());
            }
        }
        for (String[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("row width " + row.length + " != " + columns.size());
            }
        }
    }

    /** A table of new rows, numbered as a freshly written file with a header would number them (2, 3, ...). */
    public static Table of(String source, List<Column> columns, List<String[]> rows) {
        int[] lines = new int[rows.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = i + 2;
        }
        return new Table(source, columns, rows, lines);
    }

    public int rowCount() {
        return rows.size();
    }

    public int columnCount() {
        return columns.size();
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public OptionalInt indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** The cell at a row and column. */
    public String cell(int row, int column) {
        return rows.get(row)[column];
    }
}
