package org.mlgate.scan.report.sarif;

import java.util.List;

/**
 * The tool's driver (§3.19, a {@code toolComponent}): name, version and every rule it can report
 * ({@code rules}), plus descriptors for the notifications it can emit about its own execution.
 */
public record ToolComponent(String name, String version, String semanticVersion, String informationUri,
                            List<ReportingDescriptor> rules, List<ReportingDescriptor> notifications,
                            Object properties) {
    public ToolComponent {
        rules = List.copyOf(rules);
        notifications = List.copyOf(notifications);
    }
}
