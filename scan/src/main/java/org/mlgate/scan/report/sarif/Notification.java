package org.mlgate.scan.report.sarif;

import java.util.List;

/** A message about the tool's own execution (§3.58), e.g. a file it could not finish analysing. */
public record Notification(List<Location> locations, Message message, String level,
                           ReportingDescriptorReference descriptor, Object properties) {
    public Notification {
        locations = List.copyOf(locations);
    }
}
