package org.mlgate.train.metrics;

import java.util.Arrays;
import org.mlgate.core.UsageException;

/** Accuracy, ROC-AUC, PR-AUC (average precision) and Brier score; definitions in {@link Evaluation}. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * @param labels        true classes in [0, classes)
     * @param probabilities row-major rows × classes class probabilities
     */
    public static Evaluation evaluate(int[] labels, float[] probabilities, int classes) {
        int n = labels.length;
        if (n == 0 || classes < 2 || probabilities.length != (long) n * classes) {
            throw new UsageException("need " + n + " × " + classes + " probabilities (and at least one row), got "
                    + probabilities.length);
        }
        int correct = 0;
        for (int r = 0; r < n; r++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (probabilities[r * classes + k] > probabilities[r * classes + best]) {
                    best = k;
                }
            }
            if (best == labels[r]) {
                correct++;
            }
        }
        double accuracy = (double) correct / n;
        if (classes == 2) {
            double[] s = column(probabilities, n, 2, 1);
            boolean[] pos = positives(labels, 1);
            double brier = 0;
            for (int r = 0; r < n; r++) {
                double d = s[r] - (pos[r] ? 1 : 0);
                brier += d * d;
            }
            return new Evaluation(accuracy, rocAuc(s, pos), averagePrecision(s, pos), brier / n, n, 2);
        }
        double brier = 0;
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < classes; k++) {
                double d = probabilities[r * classes + k] - (labels[r] == k ? 1 : 0);
                brier += d * d;
            }
        }
        double aucSum = 0;
        double apSum = 0;
        int used = 0;
        for (int k = 0; k < classes; k++) {
            boolean[] pos = positives(labels, k);
            double[] s = column(probabilities, n, classes, k);
            double auc = rocAuc(s, pos);
            if (!Double.isNaN(auc)) {
                aucSum += auc;
                apSum += averagePrecision(s, pos);
                used++;
            }
        }
        return new Evaluation(accuracy, used == 0 ? Double.NaN : aucSum / used, used == 0 ? Double.NaN : apSum / used,
                brier / n, n, classes);
    }

    /** ROC-AUC from midranks: (Σ ranks of positives − n₊(n₊+1)/2) / (n₊ n₋); NaN if a class is absent. */
    public static double rocAuc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] idx = order(scores);
        double rankSumPos = 0;
        long nPos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) {
                j++;
            }
            double midrank = (i + j) / 2.0 + 1; // ranks i+1..j+1 ascending
            for (int k = i; k <= j; k++) {
                if (positive[idx[k]]) {
                    rankSumPos += midrank;
                    nPos++;
                }
            }
            i = j + 1;
        }
        long nNeg = n - nPos;
        if (nPos == 0 || nNeg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
    }

    /** Average precision (see {@link Evaluation#prAuc()}); NaN without positives. */
    public static double averagePrecision(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] idx = order(scores);
        long totalPos = 0;
        for (boolean b : positive) {
            if (b) {
                totalPos++;
            }
        }
        if (totalPos == 0) {
            return Double.NaN;
        }
        double ap = 0;
        long tp = 0;
        long seen = 0;
        double prevRecall = 0;
        int i = n - 1; // descending
        while (i >= 0) {
            int j = i;
            while (j - 1 >= 0 && scores[idx[j - 1]] == scores[idx[i]]) {
                j--;
            }
            for (int k = j; k <= i; k++) {
                seen++;
                if (positive[idx[k]]) {
                    tp++;
                }
            }
            double recall = (double) tp / totalPos;
            double precision = (double) tp / seen;
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
            i = j - 1;
        }
        return ap;
    }

    private static Integer[] order(double[] scores) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[a], scores[b]));
        return idx;
    }

    private static double[] column(float[] p, int n, int classes, int k) {
        double[] s = new double[n];
        for (int r = 0; r < n; r++) {
            s[r] = p[r * classes + k];
        }
        return s;
    }

    private static boolean[] positives(int[] labels, int k) {
        boolean[] pos = new boolean[labels.length];
        for (int r = 0; r < labels.length; r++) {
            pos[r] = labels[r] == k;
        }
        return pos;
    }
}
