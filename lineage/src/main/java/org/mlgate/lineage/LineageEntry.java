package org.mlgate.lineage;

import java.util.List;
import java.util.Objects;

/**
 * One statement ready for the store: its digest, what it says, who signed it, the artifacts it names (each with its
 * role and an optional result) and the edges it adds. Built by {@link RecordReader}; immutable.
 *
 * @param recordDigest  SHA-256 of the statement's canonical bytes (the same statement always has the same digest)
 * @param signer        who signed it, as the verifier established; null for an unsigned statement
 * @param body          the file as given (a signed bundle or a bare statement)
 */
public record LineageEntry(String recordDigest, RecordType type, String predicateType, String signer,
                           List<Mention> mentions, List<Edge> edges, String body) {
    /** An artifact named by the record, its role there ({@code subject}, {@code input}, ...) and a result. */
    public record Mention(Artifact artifact, String role, String detail) {
        public Mention {
            Objects.requireNonNull(artifact, "artifact");
            Objects.requireNonNull(role, "role");
        }
    }

    public LineageEntry {
        Artifact.requireDigest(recordDigest);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(predicateType, "predicateType");
        mentions = List.copyOf(mentions);
        edges = List.copyOf(edges);
        Objects.requireNonNull(body, "body");
        if (mentions.isEmpty()) {
            throw new IllegalArgumentException("a record names at least one artifact");
        }
    }

    public boolean verified() {
        return signer != null;
    }
}
