package org.mlgate.train.sanitize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Confident learning (Northcutt, Jiang and Chuang 2021) over out-of-sample class posteriors: a class's threshold
 * t_j is the mean posterior of class j over the rows labelled j, so a minority class is held to its own typical
 * confidence, not to a majority it can never reach. The confident joint (rows labelled i whose posterior for j
 * reaches t_j, the largest such j) is calibrated to the class sizes, and for each label i the estimated number of
 * mislabelled rows is flagged: those whose best other class beats their own by the largest margin.
 */
final class ConfidentLearning {
    /** Explains one flagged row. */
    interface Reason {
        String explain(int row, int label, int other, double[] posterior, double[] threshold);
    }

    /** Labels with fewer rows are never judged (the other detectors skip such classes too). */
    static final int MIN_CLASS_ROWS = SpectralSignature.MIN_CLASS_ROWS;

    private ConfidentLearning() {
    }

    /** Per class j, the mean posterior of j over the rows labelled j (1 for a class without rows). */
    static double[] thresholds(double[][] post, int[] y, int classes) {
        double[] threshold = new double[classes];
        int[] size = new int[classes];
        for (int i = 0; i < y.length; i++) {
            threshold[y[i]] += post[i][y[i]];
            size[y[i]]++;
        }
        for (int j = 0; j < classes; j++) {
            threshold[j] = size[j] == 0 ? 1 : threshold[j] / size[j];
        }
        return threshold;
    }

    static List<Flag> flags(double[][] post, int[] y, int classes, Detector detector, Reason reason) {
        int n = y.length;
        double[] threshold = thresholds(post, y, classes);
        int[] size = new int[classes];
        for (int label : y) {
            size[label]++;
        }
        long[][] joint = new long[classes][classes];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int j = 0; j < classes; j++) {
                if (post[i][j] >= threshold[j] && (best < 0 || post[i][j] > post[i][best])) {
                    best = j;
                }
            }
            if (best >= 0) {
                joint[y[i]][best]++;
            }
        }
        List<Flag> flags = new ArrayList<>();
        for (int label = 0; label < classes; label++) {
            long confident = Arrays.stream(joint[label]).sum();
            if (confident == 0 || size[label] < MIN_CLASS_ROWS) {
                continue; // a model or neighbourhood cannot learn a class of a handful of rows: no evidence against it
            }
            int estimate = (int) Math.round((double) (confident - joint[label][label]) / confident * size[label]);
            flags.addAll(worst(post, y, threshold, label, estimate, detector, reason));
        }
        return flags;
    }

    /** The {@code count} rows labelled {@code label} whose best other class beats their own by the most. */
    private static List<Flag> worst(double[][] post, int[] y, double[] threshold, int label, int count,
                                    Detector detector, Reason reason) {
        List<int[]> candidates = new ArrayList<>();
        List<Double> margins = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (y[i] != label) {
                continue;
            }
            int other = -1;
            for (int j = 0; j < post[i].length; j++) {
                if (j != label && (other < 0 || post[i][j] > post[i][other])) {
                    other = j;
                }
            }
            double margin = post[i][other] - post[i][label];
            if (margin > 0 && post[i][other] >= threshold[other]) {
                candidates.add(new int[] {i, other});
                margins.add(margin);
            }
        }
        Integer[] order = new Integer[candidates.size()];
        for (int r = 0; r < order.length; r++) {
            order[r] = r;
        }
        Arrays.sort(order, (a, b) -> Double.compare(margins.get(b), margins.get(a)));
        List<Flag> flags = new ArrayList<>();
        for (int r = 0; r < Math.min(count, order.length); r++) {
            int[] c = candidates.get(order[r]);
            flags.add(new Flag(c[0], detector, margins.get(order[r]),
                    reason.explain(c[0], label, c[1], post[c[0]], threshold)));
        }
        return flags;
    }
}
