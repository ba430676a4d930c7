package org.mlgate.train.sanitize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Schema;

/**
 * Relabelled copies, the way backdoors are usually planted (copy rows of one class, stamp a trigger on them, give
 * them another label): a row equal to a row of another class in every feature but at most {@link #MAX_DIFFERENT},
 * where the equal features include at least {@link #MIN_IDENTIFYING} identifying values — values of numeric columns
 * with at least {@link #MIN_DISTINCT} distinct values, shared by at most {@link #MAX_SHARED} rows — so that two
 * genuine rows do not pair by chance. Which side of a pair is the copy: the features that differ in many pairs are
 * the trigger, and the copies' side repeats one pattern of values on them (the stamp) while the originals' side
 * varies (a stamp repeats in at least {@link #MIN_STAMPED} pairs); without a stamp, the side whose label a
 * cross-validated model finds {@link #MODEL_RATIO} times less likely (posterior over prior); a pair neither orients is
 * left alone (two similar genuine rows of one customer, say). Exact equality: a poisoner who adds noise to every identifying value is not caught here.
 */
final class NearCopies {
    static final int MAX_DIFFERENT = 2;
    static final int MIN_IDENTIFYING = 2;
    /** A value shared by more rows than this identifies nothing (a spike such as 0 km). */
    static final int MAX_SHARED = 50;
    /** A column whose values can identify a row: at least this many distinct values. */
    static final int MIN_DISTINCT = 100;
    /** A feature differing in at least this share of the pairs is part of the trigger. */
    static final double TRIGGER_SHARE = 0.05;
    /** A stamp: the copies' values on the trigger repeated in at least this many pairs. */
    static final int MIN_STAMPED = 3;
    /** Without a stamp, the model must find the copy's label this many times less likely than the original's. */
    static final double MODEL_RATIO = 10;
    /** Confirmed copies must be at least this share of a stamp's carriers for the rest to be flagged too. */
    static final double CARRIER_SHARE = 0.8;

    private NearCopies() {
    }

    static List<Flag> detect(Dataset d, Schema schema, double[][] post) {
        List<Feature> features = schema.features();
        int[] start = new int[features.size() + 1];
        for (int f = 0; f < features.size(); f++) {
            start[f + 1] = start[f] + features.get(f).width();
        }
        int n = d.rows();
        double[][] x = d.x();
        int[] y = d.y();
        List<Map<Long, List<Integer>>> index = new ArrayList<>();
        List<Integer> identifying = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            if (!(features.get(f) instanceof Feature.Numeric)) {
                continue;
            }
            Map<Long, List<Integer>> byValue = new HashMap<>();
            for (int i = 0; i < n; i++) {
                byValue.computeIfAbsent(Double.doubleToLongBits(x[i][start[f]]), v -> new ArrayList<>()).add(i);
            }
            if (byValue.size() >= MIN_DISTINCT) {
                identifying.add(f);
                index.add(byValue);
            }
        }
        double[] prior = new double[d.classes().size()];
        for (int label : y) {
            prior[label] += 1.0 / n;
        }
        List<int[]> pairs = new ArrayList<>();
        List<List<String>> differences = new ArrayList<>();
        List<Integer> identifyingShared = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<Integer, Integer> shared = new HashMap<>();
            for (int c = 0; c < identifying.size(); c++) {
                List<Integer> same = index.get(c).get(Double.doubleToLongBits(x[i][start[identifying.get(c)]]));
                if (same.size() > MAX_SHARED) {
                    continue;
                }
                for (int j : same) {
                    if (j > i && y[j] != y[i]) {
                        shared.merge(j, 1, Integer::sum);
                    }
                }
            }
            for (Map.Entry<Integer, Integer> e : shared.entrySet()) {
                if (e.getValue() < MIN_IDENTIFYING) {
                    continue;
                }
                List<String> different = different(features, start, x[i], x[e.getKey()]);
                if (different.size() <= MAX_DIFFERENT) {
                    pairs.add(new int[] {i, e.getKey()});
                    differences.add(different);
                    identifyingShared.add(e.getValue());
                }
            }
        }
        // The trigger: features that differ in many pairs. The copy's side repeats one pattern of values on them
        // (the stamp), the originals' side does not; when that does not decide, the model does.
        Map<String, Integer> differCount = new HashMap<>();
        for (List<String> diff : differences) {
            diff.forEach(f -> differCount.merge(f, 1, Integer::sum));
        }
        List<Integer> trigger = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            if (differCount.getOrDefault(features.get(f).name(), 0) >= TRIGGER_SHARE * pairs.size()) {
                trigger.add(f);
            }
        }
        if (pairs.isEmpty()) {
            return List.of();
        }
        List<String> triggerNames = trigger.stream().map(f -> features.get(f).name()).toList();
        String[] patternOf = new String[n]; // each row's label and trigger values, built once
        for (int i = 0; i < n; i++) {
            patternOf[i] = pattern(i, y, x, start, trigger);
        }
        Map<String, Integer> patterns = new HashMap<>();
        for (int[] p : pairs) {
            for (int side : p) {
                patterns.merge(patternOf[side], 1, Integer::sum);
            }
        }
        List<Flag> flags = new ArrayList<>();
        Set<Integer> flagged = new HashSet<>();
        Map<String, Integer> stamps = new HashMap<>();
        for (int k = 0; k < pairs.size(); k++) {
            int a = pairs.get(k)[0];
            int b = pairs.get(k)[1];
            int ca = patterns.get(patternOf[a]);
            int cb = patterns.get(patternOf[b]);
            double ra = post[a][y[a]] / Math.max(prior[y[a]], 1e-12);
            double rb = post[b][y[b]] / Math.max(prior[y[b]], 1e-12);
            boolean byStamp = Math.max(ca, cb) >= MIN_STAMPED && ca != cb;
            boolean byModel = Math.max(ra, rb) >= MODEL_RATIO * Math.min(ra, rb);
            if (!byStamp && !byModel) {
                continue; // a lone pair neither a stamp nor the model can orient: two similar genuine rows, likely
            }
            boolean copyIsA = byStamp ? ca > cb : ra < rb;
            int copy = copyIsA ? a : b;
            int original = copyIsA ? b : a;
            if (!flagged.add(copy)) {
                continue;
            }
            String why = byStamp ? String.format("its values of %s (the stamp) repeat in %d such copies, the "
                    + "original's in %d", String.join(", ", triggerNames), Math.max(ca, cb), Math.min(ca, cb))
                    : String.format("a model that never saw it finds its label %.1f× less likely than the original's",
                    Math.max(ra, rb) / Math.max(Math.min(ra, rb), 1e-12));
            flags.add(new Flag(copy, Detector.NEAR_COPY, Math.max(ca, cb) + 1.0, String.format(
                    "equal to row %d (labelled '%s') in every feature but %s, including %d identifying values; %s",
                    original, d.classes().get(y[original]), differences.get(k).isEmpty() ? "none"
                            : String.join(", ", differences.get(k)), identifyingShared.get(k), why)));
            if (byStamp) {
                stamps.merge(patternOf[copy], 1, Integer::sum);
            }
        }
        flags.addAll(unpairedCarriers(d, patternOf, triggerNames, stamps, flagged));
        return flags;
    }

    /**
     * Copies whose original could not be paired (too few identifying values) still carry the stamp: rows with a
     * confirmed stamp's label and trigger values, flagged when the confirmed copies are most of the stamp's carriers
     * (at least {@link #CARRIER_SHARE} of them) — a pattern genuine rows carry too is left alone.
     */
    private static List<Flag> unpairedCarriers(Dataset d, String[] patternOf, List<String> names,
                                               Map<String, Integer> stamps, Set<Integer> flagged) {
        Map<String, List<Integer>> carriers = new HashMap<>();
        for (int i = 0; i < d.rows(); i++) {
            String p = patternOf[i];
            if (stamps.getOrDefault(p, 0) >= MIN_STAMPED && !flagged.contains(i)) {
                carriers.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
            }
        }
        List<Flag> flags = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : carriers.entrySet()) {
            int confirmed = stamps.get(e.getKey());
            if (confirmed < CARRIER_SHARE * (confirmed + e.getValue().size())) {
                continue;
            }
            for (int i : e.getValue()) {
                flags.add(new Flag(i, Detector.NEAR_COPY, 1.0, String.format("carries the stamp of %d confirmed "
                        + "relabelled copies (its values of %s, label '%s'), which %d other rows carry",
                        confirmed, String.join(", ", names), d.classes().get(d.y()[i]), e.getValue().size() - 1)));
            }
        }
        return flags;
    }

    private static String pattern(int row, int[] y, double[][] x, int[] start, List<Integer> trigger) {
        StringBuilder sb = new StringBuilder().append(y[row]);
        for (int f : trigger) {
            for (int j = start[f]; j < start[f + 1]; j++) {
                sb.append(',').append(Double.doubleToLongBits(x[row][j]));
            }
        }
        return sb.toString();
    }

    private static List<String> different(List<Feature> features, int[] start, double[] a, double[] b) {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            for (int j = start[f]; j < start[f + 1]; j++) {
                if (Double.doubleToLongBits(a[j]) != Double.doubleToLongBits(b[j])) {
                    names.add(features.get(f).name());
                    break;
                }
            }
        }
        return names;
    }
}
