package org.mlgate.fuzz;

import org.mlgate.core.MlgateException;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.data.Encoder;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.SchemaInference;
import org.mlgate.train.data.Table;

/** Small read limits and the invariants every data reader's output must keep. */
final class DataFuzzChecks {
    /** 64 KiB, 1000 rows, 64 columns, 4096 characters a line, 1024 a field, 10,000 cells. */
    static final ReadLimits SMALL = new ReadLimits(1 << 16, 1000, 64, 4096, 1024, 10_000);

    private DataFuzzChecks() {
    }

    /**
     * The table is within the limits and rectangular; inferring a schema (last column as label) and encoding
     * either refuse with an {@link MlgateException} or give inputs in [0, 1] and labels among the classes.
     */
    static void check(Table t) {
        if (t.rowCount() > SMALL.maxRows() || t.columnCount() > SMALL.maxColumns()) {
            throw new AssertionError("limits exceeded: " + t.rowCount() + " x " + t.columnCount());
        }
        for (String[] row : t.rows()) {
            if (row.length != t.columnCount()) {
                throw new AssertionError("ragged row accepted");
            }
            for (String cell : row) {
                if (cell == null || cell.length() > SMALL.maxFieldChars()) {
                    throw new AssertionError("null or over-long cell accepted");
                }
            }
        }
        if (t.columnCount() < 2) {
            return;
        }
        Dataset d;
        try {
            Schema s = SchemaInference.infer(t, t.columns().getLast().name());
            d = Encoder.encode(s, t);
        } catch (MlgateException expected) {
            return;
        }
        for (double[] x : d.x()) {
            for (double v : x) {
                if (!(v >= 0 && v <= 1)) {
                    throw new AssertionError("encoded value outside [0, 1]: " + v);
                }
            }
        }
    }
}
