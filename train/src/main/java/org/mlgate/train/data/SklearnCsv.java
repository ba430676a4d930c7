package org.mlgate.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * scikit-learn's bundled CSV layout ({@code sklearn/datasets/data/breast_cancer.csv}, {@code iris.csv},
 * {@code wine_data.csv}): the first line is not a header but {@code n_samples,n_features,class_0,class_1,...};
 * then {@code n_samples} rows of {@code n_features} numbers and an integer target {@code 0..k-1}.
 *
 * <p>The table gets the columns {@code f0 ... f<n_features-1>} (numeric) and {@code target}, whose cells are
 * the class names of the first line (target {@code 0} becomes {@code malignant} in breast_cancer.csv) and which
 * is declared {@link ColumnType.Nominal} in that order. The counts on the first line are checked: a file
 * with more or fewer rows or columns than it declares is refused.
 */
public final class SklearnCsv {
    public static final String TARGET = "target";

    private SklearnCsv() {
    }

    public static Table read(Path file, ReadLimits limits) {
        return parse(TextInput.readBounded(file, limits), file.toString(), limits);
    }

    public static Table parse(byte[] data, String source, ReadLimits limits) {
        String text = TextInput.decode(data, source, limits);
        int nl = text.indexOf('\n');
        if (nl < 0) {
            throw DataErrors.at(source, 1, 1, "no data after the count line");
        }
        String first = text.substring(0, nl);
        if (first.endsWith("\r")) {
            first = first.substring(0, first.length() - 1);
        }
        if (first.length() > limits.maxLineChars()) {
            throw DataErrors.at(source, 1, 1, "line longer than the limit of " + limits.maxLineChars() + " characters");
        }
        String[] head = first.split(",", -1);
        if (head.length < 3) {
            throw DataErrors.at(source, 1, 1, "expected n_samples,n_features,class names...; got " + DataErrors.quote(first));
        }
        int samples = count(head[0], "n_samples", source, 1, limits.maxRows());
        int features = count(head[1], "n_features", source, 1 + head[0].length() + 1, limits.maxColumns() - 1);
        List<String> classes = new ArrayList<>();
        for (int i = 2; i < head.length; i++) {
            String name = head[i];
            if (name.isEmpty() || name.length() > limits.maxFieldChars() || classes.contains(name)) {
                throw DataErrors.at(source, 1, 1, "class name " + (i - 1) + " is empty, too long or repeated");
            }
            classes.add(name);
        }
        Table raw = CsvReader.parseText(text.substring(nl + 1), source, CsvReader.Options.NO_HEADER, limits, 2);
        if (raw.rowCount() != samples) {
            throw DataErrors.of(source, "the count line declares " + samples + " rows, the file has " + raw.rowCount());
        }
        if (raw.rowCount() > 0 && raw.columnCount() != features + 1) {
            throw DataErrors.at(source, raw.lines()[0], 1, "the count line declares " + features
                    + " features and a target, the row has " + raw.columnCount() + " fields");
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            columns.add(new Column("f" + i, new ColumnType.Numeric()));
        }
        columns.add(new Column(TARGET, new ColumnType.Nominal(classes)));
        List<String[]> rows = new ArrayList<>(raw.rowCount());
        for (int r = 0; r < raw.rowCount(); r++) {
            String[] row = raw.rows().get(r).clone();
            int line = raw.lines()[r];
            for (int c = 0; c < features; c++) {
                if (Numbers.parse(row[c]) == null) {
                    throw DataErrors.at(source, line, columnOf(raw.rows().get(r), c), "not a number: "
                            + DataErrors.quote(row[c]));
                }
            }
            String t = row[features];
            int k = t.matches("[0-9]{1,9}") ? Integer.parseInt(t) : -1;
            if (k < 0 || k >= classes.size()) {
                throw DataErrors.at(source, line, columnOf(raw.rows().get(r), features), "target "
                        + DataErrors.quote(t) + " is not an integer in 0.." + (classes.size() - 1));
            }
            row[features] = classes.get(k);
            rows.add(row);
        }
        return new Table(source, columns, rows, raw.lines());
    }

    /** The 1-based character column of field {@code c} in an unquoted row (these files never quote). */
    private static int columnOf(String[] row, int c) {
        int col = 1;
        for (int i = 0; i < c; i++) {
            col += row[i].length() + 1;
        }
        return col;
    }

    private static int count(String s, String what, String source, int column, int max) {
        if (!s.matches("[0-9]{1,9}")) {
            throw DataErrors.at(source, 1, column, what + " is not a count: " + DataErrors.quote(s));
        }
        int n = Integer.parseInt(s);
        if (n > max) {
            throw DataErrors.at(source, 1, column, what + " " + n + " exceeds the limit of " + max);
        }
        return n;
    }
}
