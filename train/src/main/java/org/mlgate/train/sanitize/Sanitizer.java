package org.mlgate.train.sanitize;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.data.Encoder;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.Table;
import org.mlgate.train.model.TrainingData;

/**
 * Poisoning defences: runs the configured detectors (rare and out-of-range values, spectral signatures and
 * activation clustering on the configured representation, kNN label consistency), ranks the flagged rows —
 * rare-value flags first, then activation clustering, kNN label consistency and spectral signatures, each by its
 * own score — and removes at most the configured budget. Every removed row is reported with the detector that
 * removed it (and any other that flagged it), its score and the reason; the rows kept are written unchanged.
 */
public final class Sanitizer {
    /** Above this share of contradicted labels, per-class structure is label noise (see {@link #run}). */
    static final double LABEL_NOISE_LIMIT = 0.01;
    public static final String FORMAT = "mlgate-sanitize-report/v1";
    public static final String SCHEMA_RESOURCE = "/org/mlgate/train/sanitize/sanitize-report.schema.json";

    private Sanitizer() {
    }

    /** One removed row. */
    public record Removed(@JsonProperty("row") int row, @JsonProperty("detector") String detector,
                          @JsonProperty("score") double score, @JsonProperty("reason") String reason,
                          @JsonProperty("also_flagged_by") List<String> alsoFlaggedBy) { }

    /**
     * The report (JSON, {@value #FORMAT}; its JSON Schema ships as {@value #SCHEMA_RESOURCE}). {@code by_detector}
     * counts removed rows, {@code flagged_by_detector} all flags; {@code rows_by_class} and {@code removed_by_class}
     * count rows read and removed per label as written in the data (every class named, zeros included), so a run
     * that removes genuine rows of a rare class shows it.
     */
    public record Report(@JsonProperty("format") String format, @JsonProperty("rows") int rows, @JsonProperty("removed_total") int removedTotal,
                         @JsonProperty("budget") int budget, @JsonProperty("flagged_total") int flaggedTotal,
                         @JsonProperty("expected_poison_rate") double expectedPoisonRate,
                         @JsonProperty("representation") String representation,
                         @JsonProperty("by_detector") Map<String, Integer> byDetector,
                         @JsonProperty("flagged_by_detector") Map<String, Integer> flaggedByDetector,
                         @JsonProperty("rows_by_class") Map<String, Integer> rowsByClass,
                         @JsonProperty("removed_by_class") Map<String, Integer> removedByClass,
                         @JsonProperty("notes") List<String> notes,
                         @JsonProperty("removed") List<Removed> removed) { }

    /** With secure randomness (the reference MLP and the clustering). */
    public static Report run(Table table, Schema schema, SanitizeConfig config) {
        return run(table, schema, config, SanitizeRandomness.secure());
    }

    public static Report run(Table table, Schema schema, SanitizeConfig config, SanitizeRandomness randomness) {
        return run(table, schema, config, randomness, stage -> { });
    }

    /** Reports each stage as it starts (long inputs take minutes: kNN is O(rows × 5,000)). */
    public static Report run(Table table, Schema schema, SanitizeConfig config, SanitizeRandomness randomness,
                             java.util.function.Consumer<String> progress) {
        Dataset d = Encoder.encode(schema, table);
        TrainingData flat = d.matrix(); // the float rows the models read, built once
        Set<Detector> on = config.detectors();
        List<Flag> flags = new ArrayList<>();
        if (on.contains(Detector.RARE_VALUE)) {
            progress.accept("rare values");
            flags.addAll(RareValue.detect(table, schema, d));
        }
        List<String> notes = new ArrayList<>();
        boolean clusters = on.contains(Detector.SPECTRAL_SIGNATURE) || on.contains(Detector.ACTIVATION_CLUSTERING);
        double[][] posteriors = null;
        List<Flag> labelFlags = List.of();
        int contradicted = 0;
        if (clusters || on.contains(Detector.MODEL_LABEL) || on.contains(Detector.NEAR_COPY)) {
            // First: near copies use its posteriors, and the per-class detectors need to know whether labels are
            // trustworthy at all.
            progress.accept("cross-validated label model");
            posteriors = ModelLabelConsistency.posteriors(d, flat.x(), randomness);
            labelFlags = ModelLabelConsistency.detect(d, posteriors);
            contradicted = ModelLabelConsistency.contradicted(d, posteriors);
        }
        double labelNoise = (double) contradicted / Math.max(1, d.rows());
        if (on.contains(Detector.MODEL_LABEL)) {
            flags.addAll(labelFlags);
        }
        if (on.contains(Detector.KNN_LABEL)) {
            progress.accept("nearest neighbours");
            flags.addAll(KnnLabelConsistency.detect(d, config));
        }
        if (on.contains(Detector.NEAR_COPY)) {
            progress.accept("near copies");
            flags.addAll(NearCopies.detect(d, schema, posteriors));
        }
        if (clusters && labelNoise > LABEL_NOISE_LIMIT) {
            // Both look for structure inside a class; when many labels are wrong, every class is a mixture and its
            // structure is the mixture, not poison (and reclassification would trust the wrong labels).
            notes.add(String.format("spectral signatures and activation clustering skipped: a cross-validated model "
                    + "contradicts %.1f%% of the labels (more than %.0f%%), so each class is a mixture",
                    100 * labelNoise, 100 * LABEL_NOISE_LIMIT));
        } else if (clusters) {
            progress.accept(config.representation() == Representation.ACTIVATIONS ? "reference MLP activations"
                    : "standardised features");
            double[][] rep = Representations.build(d, flat, config.representation(), randomness);
            if (on.contains(Detector.SPECTRAL_SIGNATURE)) {
                progress.accept("spectral signatures");
                flags.addAll(SpectralSignature.detect(rep, d.y(), d.classes(), config));
            }
            if (on.contains(Detector.ACTIVATION_CLUSTERING)) {
                progress.accept("activation clustering");
                flags.addAll(ActivationClustering.detect(rep, d, flat.x(), config, randomness));
            }
        }
        return select(d.y(), d.classes(), flags, config, notes);
    }

    /** One entry per row (its strongest flag), ranked, cut at the budget; {@code y} indexes {@code classes}. */
    static Report select(int[] y, List<String> classes, List<Flag> flags, SanitizeConfig config, List<String> notes) {
        int rows = y.length;
        Map<Integer, Flag> best = new HashMap<>();
        Map<Integer, Set<Detector>> by = new HashMap<>();
        Map<String, Integer> flagged = new LinkedHashMap<>();
        for (Detector det : Detector.values()) {
            flagged.put(det.label(), 0);
        }
        for (Flag f : flags) {
            best.merge(f.row(), f, (a, b) -> rank(a) >= rank(b) ? a : b);
            if (by.computeIfAbsent(f.row(), r -> new HashSet<>()).add(f.detector())) {
                flagged.merge(f.detector().label(), 1, Integer::sum);
            }
        }
        List<Flag> ranked = new ArrayList<>(best.values());
        ranked.sort(Comparator.comparingDouble(Sanitizer::rank).reversed().thenComparingInt(Flag::row));
        int budget = config.budget(rows);
        List<Removed> removed = ranked.stream().limit(budget).sorted(Comparator.comparingInt(Flag::row))
                .map(f -> new Removed(f.row(), f.detector().label(), f.score(), f.reason(), by.get(f.row()).stream()
                        .filter(x -> x != f.detector()).sorted().map(Detector::label).toList()))
                .toList();
        Map<String, Integer> byDetector = new LinkedHashMap<>();
        for (Detector det : Detector.values()) {
            byDetector.put(det.label(), (int) removed.stream().filter(r -> r.detector().equals(det.label())).count());
        }
        Map<String, Integer> rowsByClass = new LinkedHashMap<>();
        Map<String, Integer> removedByClass = new LinkedHashMap<>();
        for (String c : classes) {
            rowsByClass.put(c, 0);
            removedByClass.put(c, 0);
        }
        for (int label : y) {
            rowsByClass.merge(classes.get(label), 1, Integer::sum);
        }
        for (Removed r : removed) {
            removedByClass.merge(classes.get(y[r.row()]), 1, Integer::sum);
        }
        return new Report(FORMAT, rows, removed.size(), budget, best.size(), config.expectedPoisonRate(),
                config.representation().label(), byDetector, flagged, rowsByClass, removedByClass,
                List.copyOf(notes), removed);
    }

    /** Detector priority (rare values are the most specific evidence), then the detector's own score. */
    private static double rank(Flag f) {
        return switch (f.detector()) {
            case RARE_VALUE -> 4_000 + Math.min(f.score(), 999);
            case NEAR_COPY -> 3_500 + Math.min(f.score(), 499);
            case ACTIVATION_CLUSTERING -> 3_000 + f.score();
            case KNN_LABEL, MODEL_LABEL -> 2_000 + f.score();
            case SPECTRAL_SIGNATURE -> 1_000 + Math.min(f.score(), 999);
        };
    }

    /** The table without the removed rows. */
    public static Table clean(Table t, Report r) {
        Set<Integer> drop = new HashSet<>();
        r.removed().forEach(x -> drop.add(x.row()));
        List<String[]> kept = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            if (!drop.contains(i)) {
                kept.add(t.rows().get(i));
                lines.add(t.lines()[i]);
            }
        }
        return new Table(t.source(), t.columns(), kept, lines.stream().mapToInt(Integer::intValue).toArray());
    }
}
