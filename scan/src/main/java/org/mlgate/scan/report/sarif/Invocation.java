package org.mlgate.scan.report.sarif;

import java.util.List;

/**
 * How the run went (§3.20): whether the analysis finished, the exit code, and a notification per problem
 * that kept it from finishing.
 */
public record Invocation(boolean executionSuccessful, Integer exitCode, List<Notification> toolExecutionNotifications,
                         Object properties) {
    public Invocation {
        toolExecutionNotifications = List.copyOf(toolExecutionNotifications);
    }
}
