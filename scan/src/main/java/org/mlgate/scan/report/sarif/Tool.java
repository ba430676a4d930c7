package org.mlgate.scan.report.sarif;

/** The analysis tool (§3.18); mlgate has a driver and no extensions. */
public record Tool(ToolComponent driver) { }
