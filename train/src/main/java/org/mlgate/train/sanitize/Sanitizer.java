package org.mlgate.train.sanitize;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.data.Encoder;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.Table;

/**
 * Poisoning defences: runs every detector (spectral signatures on centred encoded features, kNN label consistency,
 * rare and out-of-range values), ranks the flagged rows — out-of-range and rare-value flags first, then by each
 * detector's score relative to its own threshold — and removes at most the configured budget. Every removed row is
 * reported with the detector that removed it, its score and the reason; the rows kept are written unchanged.
 */
public final class Sanitizer {
    private Sanitizer() {
    }

    /** One removed row. */
    public record Removed(@JsonProperty("row") int row, @JsonProperty("detector") String detector,
                          @JsonProperty("score") double score, @JsonProperty("reason") String reason) { }

    /** The report (JSON). */
    public record Report(@JsonProperty("rows") int rows, @JsonProperty("removed_total") int removedTotal,
                         @JsonProperty("budget") int budget, @JsonProperty("flagged_total") int flaggedTotal,
                         @JsonProperty("expected_poison_rate") double expectedPoisonRate,
                         @JsonProperty("by_detector") Map<String, Integer> byDetector,
                         @JsonProperty("removed") List<Removed> removed) { }

    public static Report run(Table table, Schema schema, SanitizeConfig config) {
        Dataset d = Encoder.encode(schema, table);
        List<Flag> flags = new ArrayList<>();
        flags.addAll(RareValue.detect(table, schema, d));
        flags.addAll(SpectralSignature.detect(d, config));
        flags.addAll(KnnLabelConsistency.detect(d, config));
        // One entry per row: the strongest reason, ranked by detector priority, then score.
        Map<Integer, Flag> best = new HashMap<>();
        for (Flag f : flags) {
            best.merge(f.row(), f, (a, b) -> rank(a) >= rank(b) ? a : b);
        }
        List<Flag> ranked = new ArrayList<>(best.values());
        ranked.sort(Comparator.comparingDouble(Sanitizer::rank).reversed().thenComparingInt(Flag::row));
        int budget = config.budget(d.rows());
        List<Removed> removed = ranked.stream().limit(budget).sorted(Comparator.comparingInt(Flag::row))
                .map(f -> new Removed(f.row(), f.detector(), f.score(), f.reason())).toList();
        Map<String, Integer> byDetector = new LinkedHashMap<>();
        for (String name : List.of(RareValue.NAME, SpectralSignature.NAME, KnnLabelConsistency.NAME)) {
            byDetector.put(name, (int) removed.stream().filter(r -> r.detector().equals(name)).count());
        }
        return new Report(d.rows(), removed.size(), budget, best.size(), config.expectedPoisonRate(), byDetector,
                removed);
    }

    /** Detector priority (rare values are the most specific evidence), then score normalised to its threshold. */
    private static double rank(Flag f) {
        return switch (f.detector()) {
            case RareValue.NAME -> 3_000 + Math.min(f.score(), 999);
            case KnnLabelConsistency.NAME -> 2_000 + f.score();
            default -> 1_000 + Math.min(f.score(), 999);
        };
    }

    /** The table without the removed rows. */
    public static Table clean(Table t, Report r) {
        java.util.Set<Integer> drop = new java.util.HashSet<>();
        r.removed().forEach(x -> drop.add(x.row()));
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            if (!drop.contains(i)) {
                rows.add(t.rows().get(i));
                lines.add(t.lines()[i]);
            }
        }
        return new Table(t.source(), t.columns(), rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }
}
