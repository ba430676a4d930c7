package org.mlgate.train.metrics;

/**
 * Test-set metrics of a classifier.
 *
 * @param accuracy fraction of rows whose most probable class (ties: the lowest index) is the label
 * @param rocAuc   binary: area under the ROC curve of P(class 1), rank-based with ties counted as ½
 *                 (Mann–Whitney U / (n₊n₋)); multi-class: the unweighted mean of the one-vs-rest AUCs over the
 *                 classes that have both positive and negative rows. NaN if no class has both
 * @param prAuc    average precision, AP = Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the distinct score thresholds in decreasing order
 *                 (tied scores form one threshold; no interpolation: scikit-learn's
 *                 {@code average_precision_score}); multi-class: unweighted one-vs-rest mean as for rocAuc
 * @param brier    binary: mean (P(class 1) − y)²; multi-class: mean over rows of Σₖ (pₖ − 1[y = k])² (Brier's
 *                 original definition, in [0, 2]; for two classes it is twice the binary figure)
 * @param rows     rows evaluated
 * @param classes  number of classes
 */
public record Evaluation(double accuracy, double rocAuc, double prAuc, double brier, int rows, int classes) {
}
