package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.util.List;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FileScan;
import org.mlgate.scan.engine.Router;
import org.mlgate.scan.pickle.PickleHandler;
import org.mlgate.scan.policy.Policy;

/**
 * Any bytes through the pickle VM alone (stacked streams, nested values, joblib arrays, legacy PyTorch):
 * no exception escapes, no internal error, the budgets hold, and the result is deterministic.
 */
class PickleVmFuzzTest {
    private static final Policy POLICY = Policy.defaults();
    private static final Router PICKLE_ONLY = new Router(List.of(new PickleHandler()));

    @FuzzTest(maxDuration = "5m")
    void anyPickle(byte @NotNull @WithLength(max = 1 << 16) [] data) {
        FileScan.Outcome first = FileScan.run("fuzz.pkl", Blob.of("fuzz.pkl", data), FuzzBudgets.SMALL, POLICY,
                PICKLE_ONLY);
        FuzzBudgets.assertNoInternalError(first.problems());
        FileScan.Outcome again = FileScan.run("fuzz.pkl", Blob.of("fuzz.pkl", data), FuzzBudgets.SMALL, POLICY,
                PICKLE_ONLY);
        if (!first.findings().equals(again.findings()) || !first.problems().equals(again.problems())) {
            throw new AssertionError("scanning the same bytes twice gave different results");
        }
    }
}
