package org.mlgate.train.sanitize;

import java.util.Arrays;
import java.util.List;
import org.mlgate.train.data.Dataset;

/**
 * kNN label consistency, judged the way confident learning (Northcutt, Jiang and Chuang 2021) judges a classifier's
 * out-of-sample probabilities: each row's posterior is the label share among its k nearest neighbours (Euclidean,
 * encoded features, the row itself excluded). A class's threshold t_j is the mean posterior of class j over the rows
 * labelled j, so a minority class is held to its own typical neighbourhood, not to a majority it can never have —
 * in a set with 1 % fraud a genuine fraud row's neighbours are mostly legitimate, yet it does not count as
 * mislabelled unless its neighbourhood looks like a typical legitimate row's. The confident joint (rows labelled i
 * whose posterior for j reaches t_j) is calibrated to the class sizes, and for each label i the estimated number of
 * mislabelled rows is removed: those with the largest margin of another class over their own — and only if so few
 * same-label neighbours are improbable for the class ({@link #improbable}).
 * Neighbours are searched among at most {@link #MAX_REFERENCE} rows (every {@code n / MAX_REFERENCE}-th) to stay
 * O(n · reference).
 */
final class KnnLabelConsistency {
    static final int MAX_REFERENCE = 5000;
    static final double ALPHA = 1e-3;

    private KnnLabelConsistency() {
    }

    static List<Flag> detect(Dataset d, SanitizeConfig c) {
        int n = d.rows();
        int stride = Math.max(1, (int) Math.ceil((double) n / MAX_REFERENCE));
        int[] ref = java.util.stream.IntStream.iterate(0, i -> i < n, i -> i + stride).toArray();
        int k = Math.min(c.neighbours(), ref.length - 1);
        if (k < 3) {
            return List.of();
        }
        double[][] post = posteriors(d, ref, k);
        int kk = k;
        List<Flag> flags = ConfidentLearning.flags(post, d.y(), d.classes().size(), Detector.KNN_LABEL,
                (row, label, other, p, t) -> String.format("%d of its %d nearest neighbours are labelled '%s', %d '%s' "
                        + "(rows labelled '%s' typically have %.0f%% such neighbours)", Math.round(p[other] * kk), kk,
                        d.classes().get(other), Math.round(p[label] * kk), d.classes().get(label),
                        d.classes().get(other), 100 * t[other]));
        double[] typical = ConfidentLearning.thresholds(post, d.y(), d.classes().size());
        return flags.stream().filter(f -> improbable(post[f.row()][d.y()[f.row()]], kk, typical[d.y()[f.row()]]))
                .toList();
    }

    /**
     * Whether so few same-label neighbours are improbable for a correctly labelled row of the class: the binomial
     * tail P(X ≤ observed), X ~ Bin(k, typical own-label share), below {@link #ALPHA}. A rare class whose rows
     * typically have 1 same-label neighbour in 20 gives no evidence by having none.
     */
    static boolean improbable(double ownShare, int k, double typical) {
        long observed = Math.round(ownShare * k);
        double tail = 0;
        for (long x = 0; x <= observed; x++) {
            tail += Math.exp(org.apache.commons.math3.util.CombinatoricsUtils.binomialCoefficientLog(k, (int) x)
                    + x * Math.log(Math.max(typical, 1e-300)) + (k - x) * Math.log1p(-Math.min(typical, 1 - 1e-16)));
        }
        return tail < ALPHA;
    }

    /** Label shares among each row's k nearest reference rows (itself excluded); rows in parallel. */
    private static double[][] posteriors(Dataset d, int[] ref, int k) {
        int n = d.rows();
        double[][] x = d.x();
        double[][] post = new double[n][d.classes().size()];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            double[] bestDist = new double[k];
            int[] bestRow = new int[k];
            Arrays.fill(bestDist, Double.POSITIVE_INFINITY);
            double[] a = x[i];
            for (int r : ref) {
                if (r == i) {
                    continue;
                }
                double[] b = x[r];
                double dist = 0;
                for (int j = 0; j < a.length && dist < bestDist[k - 1]; j++) {
                    double t = a[j] - b[j];
                    dist += t * t;
                }
                if (dist < bestDist[k - 1]) {
                    int p = k - 1;
                    while (p > 0 && bestDist[p - 1] > dist) {
                        bestDist[p] = bestDist[p - 1];
                        bestRow[p] = bestRow[p - 1];
                        p--;
                    }
                    bestDist[p] = dist;
                    bestRow[p] = r;
                }
            }
            for (int p = 0; p < k; p++) {
                post[i][d.y()[bestRow[p]]] += 1.0 / k;
            }
        });
        return post;
    }
}
