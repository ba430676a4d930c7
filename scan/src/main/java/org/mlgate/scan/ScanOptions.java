package org.mlgate.scan;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mlgate.core.Severity;
import org.mlgate.core.UsageException;
import org.mlgate.scan.policy.BuiltinProfiles;
import org.mlgate.scan.policy.Profile;

/**
 * Typed scanner settings, validated once. {@code digest} turns the per-file SHA-256 on (the default); off, a
 * multi-GB checkpoint is judged without reading its tensor bytes at all.
 */
public record ScanOptions(Severity failOn, List<Profile> extraProfiles, Budgets budgets, int threads, boolean digest) {
    public ScanOptions {
        Objects.requireNonNull(failOn, "failOn");
        Objects.requireNonNull(budgets, "budgets");
        extraProfiles = List.copyOf(extraProfiles);
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
