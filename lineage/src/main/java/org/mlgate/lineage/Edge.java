package org.mlgate.lineage;

import java.util.Objects;

/** A directed edge, downstream: {@code from} was used to make (or was judged or served as) {@code to}. */
public record Edge(String from, String to, Relation relation) {
    public Edge {
        Artifact.requireDigest(from);
        Artifact.requireDigest(to);
        Objects.requireNonNull(relation, "relation");
    }
}
