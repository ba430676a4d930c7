package org.mlgate.scan.report.sarif;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One invocation of one tool (§3.14). {@code results} is always written, empty or not: SARIF reads an
 * absent results array as "the tool did not produce results" and an empty one as "nothing found".
 *
 * @param logicalLocations shared logical locations (archive members), referenced by index from results
 * @param properties       a property bag: any record, written as a JSON object
 */
public record Run(Tool tool, List<Invocation> invocations, List<Artifact> artifacts,
                  List<LogicalLocation> logicalLocations,
                  @JsonInclude(JsonInclude.Include.ALWAYS) List<Result> results, Object properties) {
    public Run {
        invocations = List.copyOf(invocations);
        artifacts = List.copyOf(artifacts);
        logicalLocations = List.copyOf(logicalLocations);
        results = List.copyOf(results);
    }
}
