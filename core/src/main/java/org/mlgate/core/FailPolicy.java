package org.mlgate.core;

import java.util.Collection;
import java.util.Objects;

/**
 * The one fail policy every front end uses: a finding at or above {@code failOn} makes an artifact
 * UNSAFE; otherwise an unfinished analysis makes it ERROR. A finding is never masked by an error.
 */
public record FailPolicy(Severity failOn) {
    public static final FailPolicy DEFAULT = new FailPolicy(Severity.HIGH);

    public FailPolicy {
        Objects.requireNonNull(failOn, "failOn");
    }

    public Verdict verdict(Collection<Finding> findings, Collection<Problem> problems) {
        for (Finding f : findings) {
            if (f.severity().atLeast(failOn)) {
                return Verdict.UNSAFE;
            }
        }
        return problems.isEmpty() ? Verdict.SAFE : Verdict.ERROR;
    }

    /** 1 if anything is UNSAFE, else 3 if anything is ERROR, else 0. */
    public static ExitCode exitCode(Collection<Verdict> verdicts) {
        if (verdicts.contains(Verdict.UNSAFE)) {
            return ExitCode.POLICY_FAILURE;
        }
        if (verdicts.contains(Verdict.ERROR)) {
            return ExitCode.INCOMPLETE;
        }
        return ExitCode.OK;
    }
}
