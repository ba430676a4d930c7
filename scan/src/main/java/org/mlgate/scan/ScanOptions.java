package org.mlgate.scan;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mlgate.core.Severity;
import org.mlgate.core.UsageException;
import org.mlgate.scan.policy.BuiltinProfiles;
import org.mlgate.scan.policy.Profile;
import org.mlgate.scan.suppress.Suppression;

/**
 * Typed scanner settings, validated once. {@code digest} turns the per-file SHA-256 on (the default); off, a
 * multi-GB checkpoint is judged without reading its tensor bytes at all. {@code suppressions} and
 * {@code cacheDir} (null: no cache) both need digests; {@code clock} decides when suppressions expire.
 * {@code followExternalLinks} follows symbolic links out of a scanned folder; {@code allowEmpty} accepts a scan
 * that judged no model file.
 */
public record ScanOptions(Severity failOn, List<Profile> extraProfiles, Budgets budgets, int threads, boolean digest,
                          List<Suppression> suppressions, Path cacheDir, Clock clock, boolean followExternalLinks,
                          boolean allowEmpty) {
    public ScanOptions {
        Objects.requireNonNull(failOn, "failOn");
        Objects.requireNonNull(budgets, "budgets");
        Objects.requireNonNull(clock, "clock");
        extraProfiles = List.copyOf(extraProfiles);
        suppressions = List.copyOf(suppressions);
        if (!digest && !suppressions.isEmpty()) {
            throw new UsageException("suppressions are pinned to file digests: they cannot be used with --no-digest");
        }
        if (!digest && cacheDir != null) {
            throw new UsageException("the scan cache is keyed by file digests: it cannot be used with --no-digest");
        }
        if (threads < 1 || threads > 256) {
            throw new UsageException("threads must be between 1 and 256, got " + threads);
        }
        Set<String> names = new HashSet<>();
        BuiltinProfiles.all().forEach(p -> names.add(p.name()));
        for (Profile p : extraProfiles) {
            if (!names.add(p.name())) {
                throw new UsageException("profile name '" + p.name() + "' (from " + p.source()
                        + ") is used by another active profile");
            }
        }
    }
}
