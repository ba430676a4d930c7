package org.mlgate.scan.report.sarif;

/** A rule or notification kind (§3.49). */
public record ReportingDescriptor(String id, String name, MultiformatMessageString shortDescription,
                                  MultiformatMessageString fullDescription, MultiformatMessageString help,
                                  ReportingConfiguration defaultConfiguration, Object properties) { }
