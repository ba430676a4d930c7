package org.mlgate.scan.proto;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;
import org.mlgate.scan.engine.ScanContext;

/**
 * Folds repeated findings (the same custom op in ten thousand nodes) into one per key, reported at the
 * first occurrence with a count. Keys are capped: past the cap, new keys are counted only.
 */
public final class FindingFold {
    private static final int MAX_KEYS = 1000;

    private record Hit(Rule rule, Severity severity, long offset, String at, String message, long[] count) { }

    private final Map<String, Hit> hits = new LinkedHashMap<>();
    private long dropped;

    public void add(String key, Rule rule, Severity severity, long offset, String at, String message) {
        Hit h = hits.get(key);
        if (h != null) {
            h.count()[0]++;
        } else if (hits.size() < MAX_KEYS) {
            hits.put(key, new Hit(rule, severity, offset, at, message, new long[] {1}));
        } else {
            dropped++;
        }
    }

    public void add(String key, Rule rule, long offset, String at, String message) {
        add(key, rule, rule.defaultSeverity(), offset, at, message);
    }

    public boolean isEmpty() {
        return hits.isEmpty();
    }

    /** Reports every folded finding (and how many distinct ones were past the cap) into {@code ctx}. */
    public void flush(ScanContext ctx) {
        Hit last = null;
        for (Hit h : hits.values()) {
            long n = h.count()[0];
            ctx.report(h.rule(), h.severity(), h.offset(), h.at(), n > 1 ? h.message() + " (" + n + " occurrences)"
                    : h.message());
            last = h;
        }
        if (dropped > 0 && last != null) {
            ctx.report(last.rule(), last.severity(), last.offset(), last.at(), dropped
                    + " further distinct findings not listed");
        }
        hits.clear();
    }
}
