package org.mlgate.train.sanitize;

import java.util.ArrayList;
import java.util.List;
import org.mlgate.train.data.Dataset;

/**
 * kNN label consistency: a row whose nearest neighbours (Euclidean, encoded features) nearly all carry another
 * label is likely a flipped label. Neighbours are searched among at most {@link #MAX_REFERENCE} rows (every
 * {@code n / MAX_REFERENCE}-th row) to stay O(n · reference). Flags rows where at least 80 % of the neighbours
 * disagree and the disagreement exceeds what the class balance alone explains by 0.5: in a set with 1 % fraud a
 * genuine fraud row's neighbours are mostly legitimate, and removing it would hide the very class the model is for.
 */
final class KnnLabelConsistency {
    static final String NAME = "knn-label";
    static final int MAX_REFERENCE = 5000;
    private static final double THRESHOLD = 0.8;
    private static final double MARGIN = 0.5;

    private KnnLabelConsistency() {
    }

    static List<Flag> detect(Dataset d, SanitizeConfig c) {
        int n = d.rows();
        int stride = Math.max(1, (int) Math.ceil((double) n / MAX_REFERENCE));
        List<Integer> ref = new ArrayList<>();
        for (int i = 0; i < n; i += stride) {
            ref.add(i);
        }
        int k = Math.min(c.neighbours(), ref.size() - 1);
        List<Flag> flags = new ArrayList<>();
        if (k < 3) {
            return flags;
        }
        int[] counts = new int[d.classes().size()];
        for (int y : d.y()) {
            counts[y]++;
        }
        double[] bestDist = new double[k];
        int[] bestRow = new int[k];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(bestDist, Double.POSITIVE_INFINITY);
            for (int r : ref) {
                if (r == i) {
                    continue;
                }
                double dist = 0;
                double[] a = d.x()[i];
                double[] b = d.x()[r];
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
            int disagree = 0;
            for (int p = 0; p < k; p++) {
                if (d.y()[bestRow[p]] != d.y()[i]) {
                    disagree++;
                }
            }
            double share = (double) disagree / k;
            double expected = 1 - (double) counts[d.y()[i]] / n;
            if (share >= THRESHOLD && share - expected >= MARGIN) {
                flags.add(new Flag(i, NAME, share, String.format("%d of its %d nearest neighbours are labelled "
                        + "otherwise", disagree, k)));
            }
        }
        return flags;
    }
}
