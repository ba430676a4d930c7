package org.mlgate.lineage;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A node of the lineage graph: a SHA-256 (a file's, as {@code sha256sum} prints it, or a signed directory's root
 * digest), what it is, and a display name (a file name, a run id).
 */
public record Artifact(String digest, ArtifactKind kind, String name) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Artifact {
        Objects.requireNonNull(kind, "kind");
        requireDigest(digest);
        if (name != null && name.length() > 1024) {
            throw new IllegalArgumentException("artifact name longer than 1024 characters");
        }
    }

    /** Checks a lower-case hex SHA-256; returns it. */
    public static String requireDigest(String digest) {
        if (digest == null || !SHA256.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a SHA-256 digest (64 lower-case hex digits): " + digest);
        }
        return digest;
    }
}
