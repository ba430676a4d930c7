package org.mlgate.scan.engine;

import java.util.List;
import java.util.Set;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.core.Problem;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.policy.Policy;

/** Runs the router over one top-level blob and returns what was found. */
public final class FileScan {
    /** Raw outcome of one file: detected format, findings and problems in discovery order. */
    public record Outcome(String format, List<Finding> findings, List<Problem> problems) { }

    /** The format of a file that is no model, container or pickle (listed SAFE unless its name claims one). */
    public static final String NOT_A_MODEL = "not-a-model";

    private FileScan() {
    }

    public static Outcome run(String displayPath, Blob blob, Budgets budgets, Policy policy, Router router) {
        try (FileState state = new FileState(displayPath, budgets, policy, router)) {
            ScanContext ctx = new ScanContext(state, List.of(), Set.of());
            ctx.dispatch(blob);
            if (state.notAModelReason() != null) {
                // Routing is by content, but a file that claims a loadable format and is none is not SAFE.
                FileNames.claimedFormat(blob.name()).ifPresent(claim -> ctx.problem(Problem.Kind.MALFORMED, -1,
                        blob.name() + " claims " + claim + ", is not " + claim.substring(0, claim.indexOf(" (."))
                                + ": " + state.notAModelReason()));
            }
            return new Outcome(state.format() == null ? "unknown" : state.format(), List.copyOf(state.findings()),
                    List.copyOf(state.problems()));
        }
    }
}
