package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import org.mlgate.core.IncompleteException;
import org.mlgate.train.data.JsonlReader;

/** Any bytes as JSON Lines: only {@link IncompleteException} escapes; accepted tables keep the invariants. */
class JsonlReaderFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void jsonl(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        try {
            DataFuzzChecks.check(JsonlReader.parse(data, "fuzz.jsonl", DataFuzzChecks.SMALL));
        } catch (IncompleteException expected) {
            // most inputs are not JSON Lines
        }
    }
}
