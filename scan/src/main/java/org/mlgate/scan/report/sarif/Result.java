package org.mlgate.scan.report.sarif;

import java.util.List;

/**
 * One finding (§3.27): the rule by id and by index into {@code tool.driver.rules}, the level, the
 * message and where.
 */
public record Result(String ruleId, Integer ruleIndex, String level, Message message, List<Location> locations,
                     List<Suppression> suppressions, Object properties) {
    public Result {
        locations = List.copyOf(locations);
        suppressions = List.copyOf(suppressions);
    }
}
