package org.mlgate.scan.suppress;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.mlgate.core.Digest;
import org.mlgate.core.Finding;

/**
 * Applies suppressions to the findings of one scan. Thread-safe: files are scanned in parallel and the
 * set of used entries is shared. The day is taken once from the injected clock, so one scan judges
 * every entry against the same date.
 */
public final class Suppressor {
    private final List<Suppression> entries;
    private final LocalDate today;
    private final Map<String, Suppression> active;
    private final Set<Suppression> used = ConcurrentHashMap.newKeySet();

    /** Findings kept for the verdict and findings taken out. */
    public record Split(List<Finding> kept, List<SuppressedFinding> suppressed) { }

    public Suppressor(List<Suppression> entries, Clock clock) {
        this.entries = List.copyOf(entries);
        this.today = LocalDate.now(clock);
        this.active = this.entries.stream().filter(s -> s.activeOn(today))
                .collect(Collectors.toUnmodifiableMap(s -> key(s.sha256(), s.rule()), s -> s));
    }

    public static Suppressor none() {
        return new Suppressor(List.of(), Clock.systemUTC());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public Split apply(Digest sha256, List<Finding> findings) {
        if (active.isEmpty() || sha256 == null) {
            return new Split(findings, List.of());
        }
        List<Finding> kept = new ArrayList<>();
        List<SuppressedFinding> suppressed = new ArrayList<>();
        for (Finding f : findings) {
            Suppression s = active.get(key(sha256, f.ruleId()));
            if (s == null) {
                kept.add(f);
            } else {
                used.add(s);
                suppressed.add(new SuppressedFinding(f, s.reason(), s.expires(), s.where()));
            }
        }
        return new Split(List.copyOf(kept), List.copyOf(suppressed));
    }

    /** After the scan: expired entries, and active entries that matched nothing. */
    public List<SuppressionNotice> notices() {
        List<SuppressionNotice> out = new ArrayList<>();
        for (Suppression s : entries) {
            if (!s.activeOn(today)) {
                out.add(new SuppressionNotice(SuppressionNotice.Status.EXPIRED, s, s.where() + " for " + s.rule()
                        + " expired on " + s.expires() + "; its findings count again"));
            } else if (!used.contains(s)) {
                out.add(new SuppressionNotice(SuppressionNotice.Status.UNUSED, s, s.where() + " for " + s.rule()
                        + " matched no finding in this scan (file changed, fixed, or not scanned)"));
            }
        }
        return List.copyOf(out);
    }

    private static String key(Digest d, String rule) {
        return d.hex() + "/" + rule;
    }
}
