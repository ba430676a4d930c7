package org.mlgate.sign.hash;

import java.util.List;
import java.util.Objects;

/**
 * How a model was cut into resources and hashed (OMS predicate {@code serialization}): the whole of each
 * file ({@link Method#FILES}) or fixed-size byte ranges ({@link Method#SHARDS}); always SHA-256, never
 * following symbolic links. {@code ignorePaths} are the model-relative paths left out of the signing scope,
 * sorted, as recorded in the predicate.
 */
public record Serialization(Method method, long shardSize, List<String> ignorePaths) {
    /** The shard size the reference tool uses by default (10^9 bytes). */
    public static final long DEFAULT_SHARD_SIZE = 1_000_000_000L;

    public enum Method {
        FILES("files"), SHARDS("shards");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Method parse(String id) {
            for (Method m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown serialization method '" + id + "' (files or shards)");
        }
    }

    public Serialization {
        Objects.requireNonNull(method, "method");
        if (method == Method.SHARDS && shardSize <= 0) {
            throw new IllegalArgumentException("shard size must be positive, got " + shardSize);
        }
        if (method == Method.FILES && shardSize != 0) {
            throw new IllegalArgumentException("the files method has no shard size");
        }
        ignorePaths = ignorePaths.stream().sorted(PathOrder.NAMES).distinct().toList();
    }

    public static Serialization files(List<String> ignorePaths) {
        return new Serialization(Method.FILES, 0, ignorePaths);
    }

    public static Serialization shards(long shardSize, List<String> ignorePaths) {
        return new Serialization(Method.SHARDS, shardSize, ignorePaths);
    }
}
