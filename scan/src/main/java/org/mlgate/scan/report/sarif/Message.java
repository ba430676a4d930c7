package org.mlgate.scan.report.sarif;

/** A message (§3.11); mlgate always writes plain text. */
public record Message(String text) { }
