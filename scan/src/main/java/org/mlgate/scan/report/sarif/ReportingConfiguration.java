package org.mlgate.scan.report.sarif;

/** Default settings of a rule (§3.50): its level, one of none, note, warning, error. */
public record ReportingConfiguration(String level) { }
