package org.mlgate.train.sanitize;

import java.util.Arrays;
import java.util.List;
import org.mlgate.train.data.Dataset;

/**
 * kNN label consistency: each row's posterior is the label share among its k nearest neighbours (Euclidean, encoded
 * features, the row itself excluded), smoothed by one pseudo-neighbour drawn from the class shares
 * ({@link #smoothed}), and the row is flagged only when {@link CalibratedLabelTest} finds its label improbable beyond
 * the label noise its neighbourhood shows. In a set with 1 % fraud a genuine fraud row among legitimate neighbours is
 * unremarkable; so is a row of either class near a boundary the labels only draw with a probability.
 * Neighbours are searched among at most {@link #MAX_REFERENCE} rows (every {@code n / MAX_REFERENCE}-th) to stay
 * O(n · reference).
 */
final class KnnLabelConsistency {
    static final int MAX_REFERENCE = 5000;

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
        double[][] post = smoothed(posteriors(d, ref, k), d.y(), k, d.classes().size());
        int kk = k;
        return CalibratedLabelTest.flags(post, d.y(), d.classes().size(), Detector.KNN_LABEL,
                (row, label, p, q) -> String.format("%d of its %d nearest neighbours are labelled '%s' (p-value %.2g "
                        + "under the label noise its neighbourhood shows; Benjamini-Hochberg at %.0f%% false "
                        + "discoveries)", Math.round(q[label] * (kk + 1) - prior(d.y(), d.classes().size())[label]),
                        kk, d.classes().get(label), p, 100 * CalibratedLabelTest.FDR));
    }

    /**
     * Neighbour shares with one pseudo-neighbour spread by the class shares: (count + prior) / (k + 1). A label no
     * neighbour has is then improbable, not impossible — 20 neighbours are a small sample.
     */
    static double[][] smoothed(double[][] shares, int[] y, int k, int classes) {
        double[] prior = prior(y, classes);
        double[][] out = new double[shares.length][classes];
        for (int i = 0; i < shares.length; i++) {
            for (int c = 0; c < classes; c++) {
                out[i][c] = (shares[i][c] * k + prior[c]) / (k + 1);
            }
        }
        return out;
    }

    private static double[] prior(int[] y, int classes) {
        double[] prior = new double[classes];
        for (int label : y) {
            prior[label] += 1.0 / y.length;
        }
        return prior;
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
