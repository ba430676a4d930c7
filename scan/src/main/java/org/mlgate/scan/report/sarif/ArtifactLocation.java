package org.mlgate.scan.report.sarif;

/** An artifact by URI reference and by index into {@code run.artifacts} (§3.4). */
public record ArtifactLocation(String uri, Integer index) { }
