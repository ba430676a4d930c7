package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.util.HashSet;
import java.util.Set;
import org.mlgate.core.MlgateException;
import org.mlgate.train.data.CsvReader;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.SchemaInference;
import org.mlgate.train.data.Table;
import org.mlgate.train.sanitize.SanitizeConfig;
import org.mlgate.train.sanitize.SanitizeRandomness;
import org.mlgate.train.sanitize.Sanitizer;

/**
 * Any CSV the reader accepts, its last column as the label, through every poisoning detector: only an
 * {@link MlgateException} escapes, and the report keeps its promises — at most the budget removed, each row once,
 * every index a data row, every removal explained, the kept table exactly the rest.
 */
class SanitizerFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void sanitize(byte @NotNull @WithLength(max = 1 << 13) [] data) {
        Table t;
        Schema s;
        try {
            t = CsvReader.parse(data, "fuzz.csv", CsvReader.Options.HEADER, DataFuzzChecks.SMALL);
            if (t.columnCount() < 2) {
                return;
            }
            s = SchemaInference.infer(t, t.columns().getLast().name());
        } catch (MlgateException expected) {
            return; // not a table this fuzzer is about
        }
        Sanitizer.Report r;
        try {
            r = Sanitizer.run(t, s, SanitizeConfig.of(0.1), SanitizeRandomness.seededForTests(1));
        } catch (MlgateException refused) {
            return;
        }
        if (r.removedTotal() > r.budget() || r.removedTotal() != r.removed().size() || r.rows() != t.rowCount()) {
            throw new AssertionError("totals broken: " + r.removedTotal() + " removed, budget " + r.budget());
        }
        Set<Integer> seen = new HashSet<>();
        for (Sanitizer.Removed x : r.removed()) {
            if (x.row() < 0 || x.row() >= t.rowCount() || !seen.add(x.row())) {
                throw new AssertionError("bad or repeated row " + x.row());
            }
            if (x.reason() == null || x.reason().isBlank() || Double.isNaN(x.score())) {
                throw new AssertionError("unexplained removal of row " + x.row());
            }
        }
        if (Sanitizer.clean(t, r).rowCount() != t.rowCount() - r.removedTotal()) {
            throw new AssertionError("the kept table is not the rest");
        }
    }
}
