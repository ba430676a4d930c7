package org.mlgate.scan.pickle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;
import org.mlgate.scan.engine.ScanContext;

/**
 * Findings of one pickle analysis, held back until the caller knows whether the bytes really were a
 * pickle (nested and trailing streams are tried tentatively). Repeats of the same rule and subject in
 * the same place are counted, not listed again, so a million identical imports make one finding.
 */
final class HitLog {
    static final int MAX_DISTINCT = 1000;

    private record Key(ScanContext ctx, String ruleId, String subject) { }

    private static final class Hit {
        final ScanContext ctx;
        final Rule rule;
        final Severity severity;
        final long offset;
        final String at;
        final String message;
        long count = 1;

        Hit(ScanContext ctx, Rule rule, Severity severity, long offset, String at, String message) {
            this.ctx = ctx;
            this.rule = rule;
            this.severity = severity;
            this.offset = offset;
            this.at = at;
            this.message = message;
        }
    }

    private final Map<Key, Hit> hits = new LinkedHashMap<>();
    private long dropped;

    void add(ScanContext ctx, Rule rule, Severity severity, long offset, String at, String subject, String message) {
        Key k = new Key(ctx, rule.id(), Objects.requireNonNullElse(subject, message));
        Hit h = hits.get(k);
        if (h != null) {
            h.count++;
            return;
        }
        if (hits.size() >= MAX_DISTINCT) {
            dropped++;
            return;
        }
        hits.put(k, new Hit(ctx, rule, severity, offset, at, message));
    }

    boolean isEmpty() {
        return hits.isEmpty();
    }

    /** True if any hit is an import judged unsafe (not merely an odd opcode that random bytes can form). */
    boolean hasImport() {
        return hits.keySet().stream().anyMatch(k -> IMPORT_RULES.contains(k.ruleId()));
    }

    private static final java.util.Set<String> IMPORT_RULES = java.util.Set.of(
            org.mlgate.scan.ScanRules.DANGEROUS_GLOBAL.id(), org.mlgate.scan.ScanRules.UNLISTED_GLOBAL.id(),
            org.mlgate.scan.ScanRules.DYNAMIC_GLOBAL.id());

    void addAll(HitLog other) {
        for (Map.Entry<Key, Hit> e : other.hits.entrySet()) {
            Hit mine = hits.get(e.getKey());
            if (mine != null) {
                mine.count += e.getValue().count;
            } else if (hits.size() < MAX_DISTINCT) {
                hits.put(e.getKey(), e.getValue());
            } else {
                dropped += e.getValue().count;
            }
        }
        dropped += other.dropped;
    }

    /** Records every held finding in its context. */
    void flush() {
        List<Hit> all = new ArrayList<>(hits.values());
        hits.clear();
        for (Hit h : all) {
            String msg = h.count > 1 ? h.message + " (" + h.count + " occurrences)" : h.message;
            h.ctx.report(h.rule, h.severity, h.offset, h.at, msg);
        }
        if (dropped > 0 && !all.isEmpty()) {
            Hit first = all.getFirst();
            first.ctx.report(first.rule, first.severity, -1, null,
                    dropped + " further findings of this stream were not listed (limit " + MAX_DISTINCT + ")");
        }
        dropped = 0;
    }
}
