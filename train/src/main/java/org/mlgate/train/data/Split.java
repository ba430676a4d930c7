package org.mlgate.train.data;

/** A train/test partition of a {@link Dataset}; see {@link Splitter}. */
public record Split(Dataset train, Dataset test) { }
