package org.mlgate.scan.report.sarif;

/**
 * A suppression of a result (§3.35): {@code kind} "external" (kept in a suppressions file, not in the
 * scanned artifact), {@code status} "accepted", and the recorded justification.
 */
public record Suppression(String kind, String status, String justification) { }
