package org.mlgate.scan.report.sarif;

/**
 * A named place that is not a file region (§3.33). mlgate uses these for archive members and embedded
 * streams: {@code run.logicalLocations} holds one per member chain, each pointing at the enclosing member
 * through {@code parentIndex}; results refer to the innermost one by {@code index}.
 */
public record LogicalLocation(String name, Integer index, String fullyQualifiedName, String kind,
                              Integer parentIndex, Object properties) { }
