package org.mlgate.train.sanitize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a row's label is improbable beyond the label noise the data itself shows: a test, not a disagreement rule.
 *
 * <p>Out-of-sample class probabilities p̂(·|x) (a cross-validated model, or smoothed neighbour shares) are read as
 * the null hypothesis that the row's label was drawn from them, as labels are in data whose classes overlap (fraud
 * is a probability, not a function of the features). Under that null the row's p-value — the probability of a label
 * at most as likely as the one it has, p = Σ_{c : p̂(c|x) ≤ p̂(y|x)} p̂(c|x) — is uniform or larger, so a genuine row
 * whose label is merely unlikely (a fraud that looks legitimate, a point near the boundary) is expected, in the
 * numbers the model itself predicts. Benjamini–Hochberg over all judged rows then keeps the expected share of
 * genuine rows among the flagged at most {@link #FDR}; when nothing is poisoned that means no flag at all in at
 * least 1 − FDR of datasets. Confident learning's rule (Northcutt et al. 2021: a row whose other class beats its
 * per-class mean) instead removes the natural overlap of the classes — 10 % of rows on data with logistic labels.
 *
 * <p>What it cannot do, by construction: random or targeted flips at a steady rate are themselves label noise, and
 * a model fitted to the poisoned data predicts them; only labels improbable even then are flagged.
 */
final class CalibratedLabelTest {
    /** The false-discovery rate Benjamini–Hochberg controls. */
    static final double FDR = 0.05;
    /** Labels with fewer rows are never judged (a model cannot learn a class of a handful of rows). */
    static final int MIN_CLASS_ROWS = ConfidentLearning.MIN_CLASS_ROWS;

    /** Explains one flagged row. */
    interface Reason {
        String explain(int row, int label, double pValue, double[] posterior);
    }

    private CalibratedLabelTest() {
    }

    /** The probability, under {@code posterior}, of a label at most as likely as {@code label}. */
    static double pValue(double[] posterior, int label) {
        double own = posterior[label];
        double p = 0;
        for (double v : posterior) {
            if (v <= own) {
                p += v;
            }
        }
        return Math.min(1, p);
    }

    /** Rows whose label Benjamini–Hochberg rejects at {@link #FDR}; the score is −log10 of the p-value. */
    static List<Flag> flags(double[][] post, int[] y, int classes, Detector detector, Reason reason) {
        int[] size = new int[classes];
        for (int label : y) {
            size[label]++;
        }
        int n = y.length;
        double[] p = new double[n];
        int judged = 0;
        for (int i = 0; i < n; i++) {
            p[i] = size[y[i]] < MIN_CLASS_ROWS ? Double.NaN : pValue(post[i], y[i]);
            judged += Double.isNaN(p[i]) ? 0 : 1;
        }
        double cut = threshold(p, judged, FDR);
        List<Flag> flags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (p[i] <= cut) {
                flags.add(new Flag(i, detector, Math.min(300, -Math.log10(Math.max(p[i], 1e-300))),
                        reason.explain(i, y[i], p[i], post[i])));
            }
        }
        return flags;
    }

    /**
     * The Benjamini–Hochberg cut: the largest p_(k) with p_(k) ≤ q·k/m among the m judged p-values (NaN: not
     * judged), or −1 when none qualifies.
     */
    static double threshold(double[] p, int m, double q) {
        double[] sorted = Arrays.stream(p).filter(v -> !Double.isNaN(v)).sorted().toArray();
        double cut = -1;
        for (int k = 1; k <= sorted.length; k++) {
            if (sorted[k - 1] <= q * k / m) {
                cut = sorted[k - 1];
            }
        }
        return cut;
    }
}
