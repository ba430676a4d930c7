package org.mlgate.train.sanitize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.Table;

/**
 * How tabular triggers look: a numeric value outside its declared bounds, or one exact value of a continuous
 * column (most of whose values are distinct) repeated far more often in one class than chance allows and rarely
 * seen in the others. Works on the raw cells, before encoding clips them.
 */
final class RareValue {
    /** A continuous column: at least this share of its values are distinct. */
    private static final double CONTINUOUS = 0.3;
    private static final int MIN_REPEATS = 5;

    private RareValue() {
    }

    static List<Flag> detect(Table t, Schema schema, Dataset d) {
        List<Flag> flags = new ArrayList<>();
        int classes = d.classes().size();
        for (Feature f : schema.features()) {
            if (!(f instanceof Feature.Numeric num)) {
                continue;
            }
            int col = t.indexOf(f.name()).orElse(-1);
            if (col < 0) {
                continue;
            }
            Set<String> distinct = new HashSet<>();
            List<Map<String, List<Integer>>> byClass = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                byClass.add(new HashMap<>());
            }
            for (int i = 0; i < t.rowCount(); i++) {
                String cell = t.cell(i, col).trim();
                distinct.add(cell);
                byClass.get(d.y()[i]).computeIfAbsent(cell, v -> new ArrayList<>()).add(i);
                double v = parse(cell);
                if (num.min() != null && num.max() != null && (v < num.min() || v > num.max())) {
                    flags.add(new Flag(i, Detector.RARE_VALUE, Math.abs(v - (v < num.min() ? num.min() : num.max()))
                            / Math.max(1e-12, num.max() - num.min()) + 1, String.format("%s = %s is outside its "
                            + "declared bounds [%s, %s]", f.name(), cell, num.min(), num.max())));
                }
            }
            if (distinct.size() < CONTINUOUS * t.rowCount()) {
                continue; // repeats are normal in a column of few values
            }
            int[] classSize = new int[classes];
            for (int y : d.y()) {
                classSize[y]++;
            }
            for (int k = 0; k < classes; k++) {
                int others = d.rows() - classSize[k];
                for (Map.Entry<String, List<Integer>> e : byClass.get(k).entrySet()) {
                    int here = e.getValue().size();
                    if (here < MIN_REPEATS) {
                        continue;
                    }
                    int elsewhere = 0;
                    for (int o = 0; o < classes; o++) {
                        if (o != k) {
                            elsewhere += byClass.get(o).getOrDefault(e.getKey(), List.of()).size();
                        }
                    }
                    // Unusually frequent for this column: in a column of mostly distinct values a value repeats
                    // about rows/distinct times; a trigger repeats far more. And concentrated in this class: compare
                    // shares, not counts, so a value common everywhere (0.0, say) is no trigger.
                    double typical = (double) t.rowCount() / distinct.size();
                    double shareHere = (double) here / classSize[k];
                    double shareElsewhere = others == 0 ? 0 : (double) elsewhere / others;
                    if (here < 10 * typical || shareElsewhere > shareHere / 4) {
                        continue;
                    }
                    for (int row : e.getValue()) {
                        flags.add(new Flag(row, Detector.RARE_VALUE, here, String.format("%s = %s appears %d times in class '%s' "
                                + "(%d elsewhere) in a column whose values are mostly distinct", f.name(), e.getKey(),
                                here, d.classes().get(k), elsewhere)));
                    }
                }
            }
        }
        return flags;
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
