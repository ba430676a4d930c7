package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import org.mlgate.scan.Handlers;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FileScan;
import org.mlgate.scan.policy.Policy;

/**
 * Any bytes through the production router (every handler, containers nested in containers) with small
 * budgets: no exception escapes, no handler fails with an internal error, and the scan ends within its
 * time budget.
 */
class RouterFuzzTest {
    private static final Policy POLICY = Policy.defaults();

    @FuzzTest(maxDuration = "5m")
    void anyBytes(byte @NotNull @WithLength(max = 1 << 16) [] data) {
        long t0 = System.nanoTime();
        FileScan.Outcome o = FileScan.run("fuzz.bin", Blob.of("fuzz.bin", data), FuzzBudgets.SMALL, POLICY,
                Handlers.router());
        FuzzBudgets.assertNoInternalError(o.problems());
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        if (seconds > FuzzBudgets.SMALL.maxTime().toSeconds() + 5) {
            throw new AssertionError("scan ran " + seconds + " s, past its time budget");
        }
    }
}
