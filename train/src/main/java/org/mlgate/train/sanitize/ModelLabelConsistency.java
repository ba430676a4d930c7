package org.mlgate.train.sanitize;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.mlgate.train.data.Dataset;

/**
 * Label consistency judged by a model instead of neighbours: out-of-fold class probabilities from
 * {@link #FOLDS}-fold cross-validated logistic regression (each row scored by a model that never saw it), then
 * {@link CalibratedLabelTest}: a row is flagged only when its label is improbable beyond the noise the model itself
 * predicts. {@link #contradicted} still counts confident learning's estimate of contradicted labels, which tells the
 * per-class detectors whether the classes are mixtures.
 */
final class ModelLabelConsistency {
    static final int FOLDS = 4;

    private ModelLabelConsistency() {
    }

    static List<Flag> detect(Dataset d, double[][] post) {
        return CalibratedLabelTest.flags(post, d.y(), d.classes().size(), Detector.MODEL_LABEL,
                (row, label, p, q) -> String.format("a model that never saw the row gives its label '%s' %.2g "
                        + "(p-value %.2g under the label noise the model predicts; Benjamini-Hochberg at %.0f%% "
                        + "false discoveries)", d.classes().get(label), q[label], p, 100 * CalibratedLabelTest.FDR));
    }

    /** Confident learning's estimate of the rows whose label the model contradicts (a measure, never removed). */
    static int contradicted(Dataset d, double[][] post) {
        return ConfidentLearning.flags(post, d.y(), d.classes().size(), Detector.MODEL_LABEL,
                (row, label, other, q, t) -> String.format("a model that never saw the row gives '%s' %.2f and its "
                        + "label '%s' %.2f (rows labelled '%s' average %.2f)", d.classes().get(other), q[other],
                        d.classes().get(label), q[label], d.classes().get(other), t[other])).size();
    }

    /** Out-of-fold class probabilities: row i scored by the model of the folds without it. */
    static double[][] posteriors(Dataset d, float[] flat, SanitizeRandomness randomness) {
        int n = d.rows();
        int classes = d.classes().size();
        int[] fold = folds(n, randomness.clustering());
        double[][] post = new double[n][classes];
        float[] p = new float[Math.max(2, classes)];
        for (int f = 0; f < FOLDS; f++) {
            int ff = f;
            CheckModel lr = CheckModel.fit(d, flat, IntStream.range(0, n).filter(i -> fold[i] != ff).toArray(),
                    randomness);
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    lr.probabilities(i, p);
                    for (int j = 0; j < classes; j++) {
                        post[i][j] = p[j];
                    }
                }
            }
        }
        return post;
    }

    /** A random fold per row, balanced: a shuffled 0, 1, ..., FOLDS-1, 0, 1, ... */
    private static int[] folds(int n, RandomGenerator random) {
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            fold[i] = i % FOLDS;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = fold[i];
            fold[i] = fold[j];
            fold[j] = t;
        }
        return fold;
    }
}
