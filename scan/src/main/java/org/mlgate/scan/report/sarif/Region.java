package org.mlgate.scan.report.sarif;

/** A binary region (§3.30): byte offset (and length, when known) from the start of the artifact. */
public record Region(Long byteOffset, Long byteLength) { }
