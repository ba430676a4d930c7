package org.mlgate.sign.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What is signed: the model's name (the directory or file name), how it was serialized, and its resources
 * in canonical order. The root digest (the statement's subject digest, OMS spec 6.5.1) is SHA-256 over the
 * raw 32-byte resource digests concatenated in that order.
 */
public record Manifest(String modelName, Serialization serialization, List<Resource> resources) {
    public Manifest {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(serialization, "serialization");
        resources = List.copyOf(resources);
        Set<String> seen = new HashSet<>();
        for (Resource r : resources) {
            if (!seen.add(r.name())) {
                throw new IllegalArgumentException("resource listed twice: " + r.name());
            }
        }
    }

    public String rootDigest() {
        return rootDigest(resources);
    }

    /** SHA-256 over the raw digests of {@code resources}, in the order given. */
    public static String rootDigest(List<Resource> resources) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        for (Resource r : resources) {
            md.update(r.rawDigest());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
