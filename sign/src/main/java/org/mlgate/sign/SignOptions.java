package org.mlgate.sign;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.mlgate.sign.hash.Serialization;

/**
 * What a signing does.
 *
 * @param signature   where the bundle goes, or null for the default ({@code model.sig} inside a directory,
 *                    {@code PATH.sig} beside a file)
 * @param method      {@link Serialization.Method#FILES} (the reference default) or SHARDS
 * @param shardSize   bytes per shard for SHARDS (ignored for FILES)
 * @param ignorePaths model-relative paths left out (the signature file and the git paths always are)
 * @param threads     hashing threads
 */
public record SignOptions(SigningMethod signing, Path signature, Serialization.Method method, long shardSize,
                          List<String> ignorePaths, int threads) {
    public SignOptions {
        Objects.requireNonNull(signing, "signing");
        Objects.requireNonNull(method, "method");
        ignorePaths = List.copyOf(ignorePaths);
        if (method == Serialization.Method.SHARDS && shardSize < 1) {
            throw new IllegalArgumentException("the shard size must be positive, got " + shardSize);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be 1 to 256, got " + threads);
        }
    }
}
