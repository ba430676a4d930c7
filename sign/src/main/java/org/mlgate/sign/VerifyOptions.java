package org.mlgate.sign;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a verification checks.
 *
 * @param signature           the bundle file, or null for the default ({@code model.sig} inside a directory,
 *                            {@code PATH.sig} beside a file)
 * @param ignorePaths         model-relative paths left out, besides those the bundle records, the git paths and
 *                            the signature file
 * @param ignoreUnsignedFiles when true, files not listed in the bundle are not an error
 * @param threads             hashing threads
 */
public record VerifyOptions(VerificationMethod method, Path signature, List<String> ignorePaths,
                            boolean ignoreUnsignedFiles, int threads) {
    public VerifyOptions {
        Objects.requireNonNull(method, "method");
        ignorePaths = List.copyOf(ignorePaths);
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be 1 to 256, got " + threads);
        }
    }
}
