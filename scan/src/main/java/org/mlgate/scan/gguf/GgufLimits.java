package org.mlgate.scan.gguf;

/**
 * Bounds on what the GGUF parser accepts. Real models have a few thousand tensors, a few dozen keys,
 * token arrays of a few hundred thousand strings and chat templates of tens of kilobytes.
 *
 * @param maxTensors       tensor infos
 * @param maxKv            metadata key/value pairs
 * @param maxKeyBytes      bytes in a key or tensor name (the GGUF spec caps keys at 65535)
 * @param maxStringBytes   bytes in one string value
 * @param maxArrayLength   elements in one array
 * @param maxNesting       arrays inside arrays
 * @param maxMetadataBytes header, metadata and tensor infos together
 * @param maxTemplateBytes bytes of one chat template kept for analysis
 */
public record GgufLimits(long maxTensors, long maxKv, long maxKeyBytes, long maxStringBytes, long maxArrayLength,
                         int maxNesting, long maxMetadataBytes, long maxTemplateBytes) {
    public static final GgufLimits DEFAULT = new GgufLimits(1 << 20, 1 << 20, 65_535, 256L << 20, 1L << 26, 8,
            1L << 30, 4L << 20);
}
