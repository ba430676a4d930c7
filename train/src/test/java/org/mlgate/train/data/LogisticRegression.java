package org.mlgate.train.data;

import java.util.Arrays;
import java.util.Comparator;

/** A plain full-batch logistic regression, only to show in tests that a dataset is learnable. */
final class LogisticRegression {
    private LogisticRegression() {
    }

    /** Weights (bias last) after {@code epochs} gradient steps on the class-balanced log loss. */
    static double[] fit(Dataset d, int epochs, double rate) {
        int f = d.features();
        double[] w = new double[f + 1];
        int[] counts = d.classCounts();
        double[] weight = {0.5 / counts[0], 0.5 / counts[1]};
        for (int e = 0; e < epochs; e++) {
            double[] g = new double[f + 1];
            for (int i = 0; i < d.rows(); i++) {
                double err = (sigmoid(score(w, d.x()[i])) - d.y()[i]) * weight[d.y()[i]];
                for (int j = 0; j < f; j++) {
                    g[j] += err * d.x()[i][j];
                }
                g[f] += err;
            }
            for (int j = 0; j <= f; j++) {
                w[j] -= rate * 10 * g[j];
            }
        }
        return w;
    }

    static double score(double[] w, double[] x) {
        double s = w[x.length];
        for (int j = 0; j < x.length; j++) {
            s += w[j] * x[j];
        }
        return s;
    }

    /** Area under the ROC curve of class 1 against class 0 (ties counted half). */
    static double auc(double[] w, Dataset d) {
        Integer[] order = new Integer[d.rows()];
        Arrays.setAll(order, i -> i);
        double[] s = new double[d.rows()];
        for (int i = 0; i < d.rows(); i++) {
            s[i] = score(w, d.x()[i]);
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> s[i]));
        double rankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j < order.length && s[order[j]] == s[order[i]]) {
                j++;
            }
            double rank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (d.y()[order[k]] == 1) {
                    rankSum += rank;
                }
            }
            i = j;
        }
        long pos = Arrays.stream(d.y()).filter(y -> y == 1).count();
        long neg = d.rows() - pos;
        return (rankSum - pos * (pos + 1) / 2.0) / (pos * (double) neg);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
