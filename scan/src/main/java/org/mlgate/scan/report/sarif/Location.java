package org.mlgate.scan.report.sarif;

import java.util.List;

/** Where a result or notification is (§3.28): a file region and/or logical locations (archive members). */
public record Location(PhysicalLocation physicalLocation, List<LogicalLocation> logicalLocations) {
    public Location {
        logicalLocations = List.copyOf(logicalLocations);
    }
}
