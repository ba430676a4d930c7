package org.mlgate.train.sanitize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Spectral signatures (Tran, Li and Mądry 2018) on centred representations: per class, score each row by its
 * squared projection on the top principal direction of the class. Poison sharing a trigger moves together along one
 * direction, so its scores stand out. Unlike a fixed share of every class (ART flags about half of each class by
 * default), a class flags at most 1.5 × the expected poison share of its rows, only rows scoring far above the
 * class's typical row (25 × the median score), and only a group ending at a clear gap ({@link #cut}): a clean class,
 * or one with a natural sub-population spread along the direction, flags nothing.
 */
final class SpectralSignature {
    /** Poison sharing a trigger sits far out on the top direction; natural tails rarely pass 25× the median. */
    static final double MIN_RATIO = 25.0;
    static final double OVERSHOOT = 1.5;
    static final double MIN_GAP = 2.0;
    static final int MIN_CLASS_ROWS = 20;

    private SpectralSignature() {
    }

    /**
     * How many of the top-scoring rows to flag: poison sharing a trigger is a separate group on the top direction,
     * so the flagged rows must all pass {@link #MIN_RATIO} × the median and end at a gap — the last flagged score at
     * least {@link #MIN_GAP} × the next one. A continuum of high scores is the class's own structure (a natural
     * sub-population), and nothing is flagged. The widest gap among the allowed cuts is taken.
     */
    static int cut(double[] score, Integer[] order, int limit, double median) {
        int best = 0;
        double widest = MIN_GAP;
        for (int n = 1; n <= limit; n++) {
            double last = score[order[n - 1]];
            if (last < MIN_RATIO * median) {
                break;
            }
            double gap = last / Math.max(score[order[n]], 1e-12);
            if (gap >= widest) {
                widest = gap;
                best = n;
            }
        }
        return best;
    }

    static List<Flag> detect(double[][] rep, int[] y, List<String> classes, SanitizeConfig c) {
        List<Flag> flags = new ArrayList<>();
        for (int k = 0; k < classes.size(); k++) {
            ClassGeometry g = ClassGeometry.of(rep, y, k, 1);
            if (g.size() < MIN_CLASS_ROWS || g.components().length == 0) {
                continue;
            }
            double[] score = new double[g.size()];
            for (int r = 0; r < g.size(); r++) {
                double p = g.project(rep[g.rows()[r]], 0);
                score[r] = p * p;
            }
            double[] sorted = score.clone();
            Arrays.sort(sorted);
            double median = Math.max(sorted[sorted.length / 2], 1e-12);
            int limit = (int) Math.ceil(OVERSHOOT * c.expectedPoisonRate() * g.size());
            Integer[] order = new Integer[g.size()];
            for (int r = 0; r < order.length; r++) {
                order[r] = r;
            }
            Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
            int cut = cut(score, order, Math.min(limit, order.length - 1), median);
            for (int n = 0; n < cut; n++) {
                int r = order[n];
                double ratio = score[r] / median;
                flags.add(new Flag(g.rows()[r], Detector.SPECTRAL_SIGNATURE, ratio, String.format(
                        "projection on class '%s''s top principal direction is %.1f× the class median, and the "
                                + "flagged rows stand %.1f× above the rest", classes.get(k), ratio,
                        score[order[cut - 1]] / Math.max(score[order[cut]], 1e-12))));
            }
        }
        return flags;
    }
}
