package org.mlgate.config;

/**
 * Bounds on what the loader reads, checked before and while parsing so a hostile file costs little.
 *
 * @param maxBytes        file size cap
 * @param maxDepth        nesting of mappings and lists
 * @param maxNodes        scalars, mappings and lists in total
 * @param maxScalarChars  length of one scalar
 */
public record ConfigLimits(int maxBytes, int maxDepth, int maxNodes, int maxScalarChars) {
    /** 1 MiB, depth 32, 100,000 nodes, 64 Ki characters per scalar: far above any real configuration. */
    public static final ConfigLimits DEFAULT = new ConfigLimits(1 << 20, 32, 100_000, 1 << 16);

    public ConfigLimits {
        if (maxBytes < 1 || maxDepth < 1 || maxNodes < 1 || maxScalarChars < 1) {
            throw new IllegalArgumentException("config limits must be positive");
        }
    }
}
