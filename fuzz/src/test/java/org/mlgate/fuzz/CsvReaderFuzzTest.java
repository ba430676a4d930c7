package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import org.mlgate.core.IncompleteException;
import org.mlgate.train.data.CsvReader;
import org.mlgate.train.data.SklearnCsv;

/**
 * Any bytes as CSV (with and without a header) and as scikit-learn's layout: only {@link IncompleteException}
 * escapes; what is accepted is rectangular, within the limits, and encodes into [0, 1].
 */
class CsvReaderFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void csv(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        try {
            DataFuzzChecks.check(CsvReader.parse(data, "fuzz.csv", CsvReader.Options.HEADER, DataFuzzChecks.SMALL));
        } catch (IncompleteException expected) {
            // most inputs are not valid CSV
        }
        try {
            DataFuzzChecks.check(CsvReader.parse(data, "fuzz.csv", CsvReader.Options.NO_HEADER, DataFuzzChecks.SMALL));
        } catch (IncompleteException expected) {
            // idem
        }
        try {
            DataFuzzChecks.check(SklearnCsv.parse(data, "fuzz.csv", DataFuzzChecks.SMALL));
        } catch (IncompleteException expected) {
            // idem
        }
    }
}
