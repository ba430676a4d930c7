package org.mlgate.train.sanitize;

/** One suspicious row: its 0-based index among the data rows, which detector, a score (higher is worse), why. */
record Flag(int row, Detector detector, double score, String reason) { }
