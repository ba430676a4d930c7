package org.mlgate.scan.gguf;

/** One metadata entry: key, where the entry starts, and its value. */
public record GgufKv(String key, long offset, GgufValue value) { }
