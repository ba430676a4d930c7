package org.mlgate.scan.container;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;
import org.mlgate.scan.engine.ScanContext;

/**
 * Reports findings of one rule, at most {@value #PER_KIND} per kind of anomaly, then one summary, so a
 * hostile archive with 100,000 duplicate names yields a readable report.
 */
final class AnomalyLog {
    static final int PER_KIND = 20;
    private final ScanContext ctx;
    private final Rule rule;
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    AnomalyLog(ScanContext ctx, Rule rule) {
        this.ctx = ctx;
        this.rule = rule;
    }

    void report(String kind, long offset, String at, String message) {
        report(kind, rule.defaultSeverity(), offset, at, message);
    }

    void report(String kind, Severity severity, long offset, String at, String message) {
        int n = counts.merge(kind, 1, Integer::sum);
        if (n <= PER_KIND) {
            ctx.report(rule, severity, offset, at, message);
        }
    }

    /** One finding per kind that went over the cap, saying how many were left out. */
    void summarise() {
        counts.forEach((kind, n) -> {
            if (n > PER_KIND) {
                ctx.report(rule, -1, null, (n - PER_KIND) + " more '" + kind + "' anomalies not listed (" + n
                        + " in total)");
            }
        });
    }
}
