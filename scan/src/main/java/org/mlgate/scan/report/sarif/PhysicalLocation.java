package org.mlgate.scan.report.sarif;

/** A place in an artifact (§3.29); {@code region} is null when the whole artifact is meant. */
public record PhysicalLocation(ArtifactLocation artifactLocation, Region region) { }
