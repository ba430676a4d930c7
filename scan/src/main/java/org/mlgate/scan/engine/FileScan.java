package org.mlgate.scan.engine;

import java.util.List;
import java.util.Set;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.policy.Policy;

/** Runs the router over one top-level blob and returns what was found. */
public final class FileScan {
    /** Raw outcome of one file: detected format, findings and problems in discovery order. */
    public record Outcome(String format, List<Finding> findings, List<Problem> problems) { }

    private FileScan() {
    }

    public static Outcome run(String displayPath, Blob blob, Budgets budgets, Policy policy, Router router) {
        try (FileState state = new FileState(displayPath, budgets, policy, router)) {
            ScanContext ctx = new ScanContext(state, List.of(), Set.of());
            ctx.dispatch(blob);
            return new Outcome(state.format() == null ? "unknown" : state.format(), List.copyOf(state.findings()),
                    List.copyOf(state.problems()));
        }
    }
}
