package org.mlgate.train.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.mlgate.core.UsageException;

/**
 * Turns a {@link Table} into a {@link Dataset} under a {@link Schema}. Column matching fails closed: a table
 * column the schema does not name (feature, label, drop or privacy unit) and a schema feature, label or
 * privacy unit missing from the table are usage errors (exit 2); dropped columns may be absent. Cell
 * defects are data errors naming {@code file:line} and the column: a numeric cell that is not a finite
 * decimal number, a category the schema does not list (unless the feature has an {@code <other>} slot), a
 * label outside the classes, an empty privacy unit.
 *
 * <p>Numeric values are clipped into the declared {@code [min, max]} and scaled by those bounds only; the
 * encoder never computes a statistic of the data, so encoding leaks nothing beyond the rows themselves.
 */
public final class Encoder {
    private Encoder() {
    }

    /** The encoded rows and how many numeric cells were clipped into their declared bounds. */
    public record Encoded(Dataset dataset, long clippedCells) { }

    public static Dataset encode(Schema schema, Table table) {
        return encodeCounting(schema, table).dataset();
    }

    /** {@link #encode}, also counting the numeric cells clipped into their declared bounds (reported, not silent). */
    public static Encoded encodeCounting(Schema schema, Table table) {
        Set<String> named = new HashSet<>(schema.drop());
        schema.features().forEach(f -> named.add(f.name()));
        named.add(schema.label().name());
        if (schema.privacyUnit() != null) {
            named.add(schema.privacyUnit());
        }
        for (String column : table.columnNames()) {
            if (!named.contains(column)) {
                throw new UsageException(table.source() + ": column '" + column + "' is not in the schema (list it "
                        + "under \"drop\" to ignore it)");
            }
        }
        int[] featureColumn = new int[schema.features().size()];
        for (int f = 0; f < featureColumn.length; f++) {
            featureColumn[f] = require(table, schema.features().get(f).name(), "feature");
        }
        int labelColumn = require(table, schema.label().name(), "label");
        int unitColumn = schema.privacyUnit() == null ? -1 : require(table, schema.privacyUnit(), "privacy unit");

        List<Map<String, Integer>> slots = new ArrayList<>();
        for (Feature f : schema.features()) {
            slots.add(f instanceof Feature.Categorical c ? indexOf(c.categories()) : null);
        }
        Map<String, Integer> classIndex = indexOf(schema.label().classes());
        int width = schema.width();
        int n = table.rowCount();
        long clipped = 0;
        double[][] x = new double[n][];
        int[] y = new int[n];
        String[] units = unitColumn < 0 ? null : new String[n];
        for (int r = 0; r < n; r++) {
            String[] row = table.rows().get(r);
            int line = table.lines()[r];
            double[] v = new double[width];
            int offset = 0;
            for (int f = 0; f < featureColumn.length; f++) {
                Feature feature = schema.features().get(f);
                String cell = row[featureColumn[f]];
                switch (feature) {
                    case Feature.Numeric num -> {
                        Double d = Numbers.parse(cell);
                        if (d == null) {
                            throw cellError(table, line, featureColumn[f], "not a number: " + DataErrors.quote(cell));
                        }
                        if (d < num.min() || d > num.max()) {
                            clipped++;
                        }
                        v[offset] = num.encode(d);
                    }
                    case Feature.Categorical cat -> {
                        Integer slot = slots.get(f).get(cell);
                        if (slot == null) {
                            if (cat.unseen() == Unseen.REFUSE) {
                                throw cellError(table, line, featureColumn[f], "category " + DataErrors.quote(cell)
                                        + " is not in the schema's categories");
                            }
                            slot = cat.categories().size();
                        }
                        v[offset + slot] = 1.0;
                    }
                }
                offset += feature.width();
            }
            Integer label = classIndex.get(row[labelColumn]);
            if (label == null) {
                throw cellError(table, line, labelColumn, "label " + DataErrors.quote(row[labelColumn])
                        + " is not one of the classes " + schema.label().classes());
            }
            x[r] = v;
            y[r] = label;
            if (units != null) {
                if (row[unitColumn].isEmpty()) {
                    throw cellError(table, line, unitColumn, "empty privacy unit");
                }
                units[r] = row[unitColumn];
            }
        }
        return new Encoded(new Dataset(x, y, units, schema.encodedNames(), schema.label().classes()), clipped);
    }

    private static int require(Table table, String name, String role) {
        OptionalInt i = table.indexOf(name);
        if (i.isEmpty()) {
            throw new UsageException(table.source() + ": the schema's " + role + " '" + name + "' is not a column "
                    + "of the file (columns: " + shortList(table.columnNames()) + ")");
        }
        return i.getAsInt();
    }

    private static String shortList(List<String> names) {
        return names.size() <= 12 ? names.toString() : names.subList(0, 12) + " and " + (names.size() - 12) + " more";
    }

    private static Map<String, Integer> indexOf(List<String> values) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            m.put(values.get(i), i);
        }
        return m;
    }

    private static RuntimeException cellError(Table table, int line, int column, String message) {
        return DataErrors.at(table.source(), line, "column '" + table.columns().get(column).name() + "' (field "
                + (column + 1) + "): " + message);
    }
}
