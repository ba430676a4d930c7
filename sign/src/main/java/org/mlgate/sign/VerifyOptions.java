package org.mlgate.sign;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.mlgate.sign.bundle.BundleParser;

/**
 * What a verification checks.
 *
 * @param signature           the bundle file, or null for the default ({@code model.sig} inside a directory,
 *                            {@code PATH.sig} beside a file)
 * @param ignorePaths         model-relative paths left out, besides those the bundle records, the git paths and
 *                            the signature file
 * @param ignoreUnsignedFiles when true, files not listed in the bundle are not an error
 * @param threads             hashing threads
 * @param maxBundleBytes      the largest signature bundle read; a larger file is refused by its size, before a byte
 *                            is read or parsed
 */
public record VerifyOptions(VerificationMethod method, Path signature, List<String> ignorePaths,
                            boolean ignoreUnsignedFiles, int threads, long maxBundleBytes) {
    /**
     * The default bundle cap: 16 MiB holds a manifest of about 100,000 files; parsing costs a few times the size
     * in memory, so the parser's own 64 MiB bound is too generous to reach by default.
     */
    public static final long DEFAULT_MAX_BUNDLE_BYTES = 16L << 20;

    public VerifyOptions(VerificationMethod method, Path signature, List<String> ignorePaths,
                         boolean ignoreUnsignedFiles, int threads) {
        this(method, signature, ignorePaths, ignoreUnsignedFiles, threads, DEFAULT_MAX_BUNDLE_BYTES);
    }

    public VerifyOptions {
        if (maxBundleBytes < 1024 || maxBundleBytes > BundleParser.MAX_BUNDLE_BYTES) {
            throw new IllegalArgumentException("the bundle size cap must be 1024 to " + BundleParser.MAX_BUNDLE_BYTES
                    + " bytes, got " + maxBundleBytes);
        }
        Objects.requireNonNull(method, "method");
        ignorePaths = List.copyOf(ignorePaths);
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be 1 to 256, got " + threads);
        }
    }
}
