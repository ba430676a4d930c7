package org.mlgate.fuzz;

import java.time.Duration;
import java.util.List;
import org.mlgate.core.Problem;
import org.mlgate.scan.Budgets;

/** Small budgets so one fuzz input can never allocate or run much, and the check every target makes. */
final class FuzzBudgets {
    /** 64 MiB decompressed per input, 10 s, 1000 members, nesting 8. */
    static final Budgets SMALL = new Budgets(1_000_000, 100_000, 10_000, 1 << 20, 64L << 20, 1000, 8, 1000,
            Duration.ofSeconds(10));

    private FuzzBudgets() {
    }

    /**
     * The router turns a handler's unexpected RuntimeException into an "internal error" problem so a scan
     * never passes on a bug; for fuzzing those are exactly the bugs to find.
     */
    static void assertNoInternalError(List<Problem> problems) {
        for (Problem p : problems) {
            if (p.message().startsWith("internal error")) {
                throw new AssertionError("handler bug: " + p.message() + " at " + p.location().display());
            }
        }
    }
}
