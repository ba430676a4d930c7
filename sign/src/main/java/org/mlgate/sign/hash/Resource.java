package org.mlgate.sign.hash;

import java.util.HexFormat;
import java.util.Objects;

/**
 * One signed resource: a file (name = model-relative POSIX path, {@code "."} for a single-file model) or a
 * byte range of one ({@code path:start:end}, end exclusive), and the SHA-256 of its bytes.
 */
public record Resource(String name, String sha256) {
    public Resource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a lower-case SHA-256 hex digest: " + sha256);
        }
    }

    public byte[] rawDigest() {
        return HexFormat.of().parseHex(sha256);
    }

    /** The resource name of a shard. */
    public static String shardName(String path, long start, long end) {
        return path + ":" + start + ":" + end;
    }
}
