package org.mlgate.scan.report.sarif;

/** A rule or notification descriptor by id and index (§3.52). */
public record ReportingDescriptorReference(String id, Integer index) { }
