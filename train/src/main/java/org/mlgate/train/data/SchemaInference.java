package org.mlgate.train.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.mlgate.core.UsageException;

/**
 * Builds a schema from the data itself, for {@code mlgate train --label COLUMN} without {@code --schema}:
 * a column whose every cell is a decimal number (or that ARFF declares numeric) becomes numeric with the
 * data's exact minimum and maximum as bounds (a constant column gets {@code [v, v + 1]}); any other column
 * becomes categorical with the categories ARFF declares, in order, or else the distinct values present,
 * sorted. The label's classes are ARFF's declared values, or the distinct values sorted (numerically when
 * all are numbers).
 *
 * <p><b>Not private.</b> Everything it produces is marked {@link Origin#DATA}: exact minima and maxima and the
 * set of values present are facts about individual rows. Under DP the caller must call
 * {@link Schema#requireDeclared} (refusing, and asking for a declared schema file), or replace those entries
 * with DP estimates charged to the budget. The mark survives writing the schema beside the model.
 */
public final class SchemaInference {
    /** More distinct values than this makes a column look like an identifier: refused, to be dropped. */
    public static final int MAX_INFERRED_CATEGORIES = 1000;

    private SchemaInference() {
    }

    public static Schema infer(Table table, String label) {
        return infer(table, label, List.of(), null);
    }

    /**
     * @param drop        columns to ignore (identifiers, free text)
     * @param privacyUnit the column naming each row's individual, or null for per-row privacy
     */
    public static Schema infer(Table table, String label, List<String> drop, String privacyUnit) {
        try {
            return inferChecked(table, label, drop, privacyUnit);
        } catch (IllegalArgumentException e) { // a name or range no schema can hold (too long, no finite width)
            throw new UsageException(table.source() + ": cannot infer a schema: " + e.getMessage(), e);
        }
    }

    private static Schema inferChecked(Table table, String label, List<String> drop, String privacyUnit) {
        if (table.rowCount() == 0) {
            throw new UsageException(table.source() + ": no rows to infer a schema from");
        }
        int labelColumn = column(table, label, "--label");
        if (privacyUnit != null) {
            column(table, privacyUnit, "--privacy-unit");
        }
        for (String d : drop) {
            column(table, d, "drop");
        }
        List<Feature> features = new ArrayList<>();
        for (int c = 0; c < table.columnCount(); c++) {
            String name = table.columns().get(c).name();
            if (c == labelColumn || name.equals(privacyUnit) || drop.contains(name)) {
                continue;
            }
            features.add(feature(table, c));
        }
        if (features.isEmpty()) {
            throw new UsageException(table.source() + ": no feature columns left besides the label");
        }
        return new Schema(features, new Label(label, classes(table, labelColumn), Origin.DATA), drop, privacyUnit);
    }

    private static int column(Table table, String name, String what) {
        return table.indexOf(name).orElseThrow(() -> new UsageException(table.source() + ": " + what + " column '"
                + name + "' is not in the file (columns: " + table.columnNames() + ")"));
    }

    private static Feature feature(Table table, int c) {
        Column column = table.columns().get(c);
        if (column.type() instanceof ColumnType.Nominal n) {
            return new Feature.Categorical(column.name(), n.values(), Unseen.REFUSE, Origin.DATA);
        }
        if (!(column.type() instanceof ColumnType.Text)) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            boolean numeric = true;
            int invalid = -1; // first row whose cell is meant as a number but is not a finite one
            for (int r = 0; r < table.rowCount(); r++) {
                String cell = table.rows().get(r)[c];
                Double v = Numbers.parse(cell);
                if (v == null) {
                    if (!Numbers.isInvalidNumber(cell)) {
                        numeric = false;
                        break;
                    }
                    if (invalid < 0) {
                        invalid = r;
                    }
                    continue;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (numeric && invalid >= 0) {
                // one NaN must not turn a numeric column into hundreds of categories
                String cell = table.rows().get(invalid)[c];
                throw DataErrors.at(table.source(), table.lines()[invalid], "column '" + column.name() + "' (field "
                        + (c + 1) + "): not a finite number: " + DataErrors.quote(cell)
                        + (cell.length() > 60 ? " (" + cell.length() + " characters)" : "")
                        + "; numeric columns hold finite decimal numbers");
            }
            if (numeric) {
                if (!(max > min) || !Double.isFinite(max - min)) {
                    max = min + 1;
                }
                return new Feature.Numeric(column.name(), min, max, Scale.LINEAR, Origin.DATA);
            }
        }
        Set<String> values = new TreeSet<>();
        for (String[] row : table.rows()) {
            values.add(row[c]);
            if (values.size() > MAX_INFERRED_CATEGORIES) {
                throw new UsageException(table.source() + ": column '" + column.name() + "' has more than "
                        + MAX_INFERRED_CATEGORIES + " distinct values (an identifier?); drop it (--drop) or write a schema");
            }
        }
        return new Feature.Categorical(column.name(), List.copyOf(values), Unseen.REFUSE, Origin.DATA);
    }

    private static List<String> classes(Table table, int c) {
        if (table.columns().get(c).type() instanceof ColumnType.Nominal n) {
            return n.values();
        }
        Set<String> values = new LinkedHashSet<>();
        for (String[] row : table.rows()) {
            values.add(row[c]);
            if (values.size() > MAX_INFERRED_CATEGORIES) {
                throw new UsageException(table.source() + ": label '" + table.columns().get(c).name()
                        + "' has more than " + MAX_INFERRED_CATEGORIES + " distinct values");
            }
        }
        if (values.size() < 2) {
            throw new UsageException(table.source() + ": label '" + table.columns().get(c).name()
                    + "' has fewer than two distinct values");
        }
        boolean numeric = values.stream().allMatch(v -> Numbers.parse(v) != null);
        Comparator<String> order = numeric
                ? Comparator.comparingDouble((String v) -> Numbers.parse(v)).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder();
        return values.stream().sorted(order).toList();
    }
}
