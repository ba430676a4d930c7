package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import org.mlgate.core.IncompleteException;
import org.mlgate.train.data.ArffReader;
import org.mlgate.train.data.ColumnType;
import org.mlgate.train.data.Table;

/**
 * Any bytes as ARFF: only {@link IncompleteException} escapes; every accepted nominal cell is one of its
 * attribute's declared values, and accepted tables keep the invariants.
 */
class ArffReaderFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void arff(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        Table t;
        try {
            t = ArffReader.parse(data, "fuzz.arff", DataFuzzChecks.SMALL);
        } catch (IncompleteException expected) {
            return;
        }
        for (String[] row : t.rows()) {
            for (int c = 0; c < row.length; c++) {
                if (t.columns().get(c).type() instanceof ColumnType.Nominal n && !n.values().contains(row[c])) {
                    throw new AssertionError("undeclared nominal value accepted: " + row[c]);
                }
            }
        }
        DataFuzzChecks.check(t);
    }
}
