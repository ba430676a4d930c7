package org.mlgate.train.sanitize;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.mlgate.train.data.Dataset;

/**
 * Activation clustering (Chen et al. 2018): per class, project the centred representations on their top
 * {@link #DIMENSIONS} principal components and split them with 2-means, splitting a too-large side again (at most
 * {@link #MAX_DEPTH} levels), so that a cluster of at most 1.5 × the expected poison share of the class (never more
 * than ART's 35 %) becomes a candidate. A natural sub-population can be such a cluster too, so a candidate is
 * confirmed by exclusionary reclassification: a logistic regression trained on every other row must put at least
 * half of it in another class, judged against the class priors (a model of a 1 % class calls almost anything the
 * majority). Only the cluster's rows the model confidently puts in another class ({@link #ROW_CONFIDENCE}) are
 * flagged, and only those whose label is improbable under it beyond the label noise it predicts
 * ({@link CalibratedLabelTest}, Benjamini-Hochberg over the class). Candidates that are exactly one category of a one-hot feature
 * within the class are skipped: a model that never saw the category in this class cannot judge it. Poison copied from
 * another class and relabelled is classified back to where it came from; a genuine sub-population is not.
 */
final class ActivationClustering {
    static final int DIMENSIONS = 10;
    /** ART's default for "smaller cluster" analysis: a poison cluster is under 35 % of its class. */
    static final double MAX_SHARE = 0.35;
    /** Share of the cluster the reclassifier must assign to another class. */
    static final double RECLASSIFIED = 0.5;
    static final int MIN_CLUSTER = 5;
    static final int MAX_DEPTH = 3;
    static final int MAX_CANDIDATES = 8;
    static final double CATEGORY_SHARE = 0.95;
    static final double LIKELIHOOD_RATIO = 3;
    /**
     * A flagged row's probability of another class under the reclassifier: rows it barely moves (0.5–0.6) are the
     * cluster's genuine neighbours (measured: a natural 151-row cluster lost 89 rows at 0.5).
     */
    static final double ROW_CONFIDENCE = 0.8;

    private ActivationClustering() {
    }

    static List<Flag> detect(double[][] rep, Dataset d, float[] flat, SanitizeConfig c,
                           SanitizeRandomness randomness) {
        List<Flag> flags = new ArrayList<>();
        List<String> classes = d.classes();
        for (int k = 0; k < classes.size(); k++) {
            ClassGeometry g = ClassGeometry.of(rep, d.y(), k, DIMENSIONS);
            if (g.size() < SpectralSignature.MIN_CLASS_ROWS || g.components().length == 0) {
                continue;
            }
            double[][] points = project(rep, g);
            int limit = (int) Math.floor(Math.min(MAX_SHARE, SpectralSignature.OVERSHOOT * c.expectedPoisonRate())
                    * g.size());
            List<int[]> candidates = new ArrayList<>();
            split(points, java.util.stream.IntStream.range(0, g.size()).toArray(), limit, 0, randomness.clustering(),
                    candidates);
            for (int[] members : candidates) {
                int[] cluster = java.util.Arrays.stream(members).map(r -> g.rows()[r]).toArray();
                if (wholeCategory(d, g.rows(), cluster) < 0) {
                    flags.addAll(reclassify(d, flat, k, cluster, (double) cluster.length / g.size(), randomness));
                }
            }
        }
        return flags;
    }

    /**
     * Splits {@code members} in two; a part no larger than {@code limit} rows is a candidate poison cluster, a larger
     * one is split again (at most {@link #MAX_DEPTH} levels): poison is often a small cluster inside one side of a
     * natural split rather than one side of the first split.
     */
    private static void split(double[][] points, int[] members, int limit, int depth, RandomGenerator random,
                              List<int[]> candidates) {
        if (depth >= MAX_DEPTH || members.length < 2 * MIN_CLUSTER || candidates.size() >= MAX_CANDIDATES) {
            return;
        }
        double[][] sub = new double[members.length][];
        for (int i = 0; i < members.length; i++) {
            sub[i] = points[members[i]];
        }
        int[] assign = TwoMeans.cluster(sub, random);
        for (int side = 0; side < 2; side++) {
            int s = side;
            int[] part = java.util.stream.IntStream.range(0, members.length).filter(i -> assign[i] == s)
                    .map(i -> members[i]).toArray();
            if (part.length == 0 || part.length == members.length) {
                return; // no split
            }
            if (part.length <= limit) {
                if (part.length >= MIN_CLUSTER) {
                    candidates.add(part);
                }
            } else {
                split(points, part, limit, depth + 1, random, candidates);
            }
        }
    }

    /**
     * The one-hot column whose category the cluster is, within its class (at least {@link #CATEGORY_SHARE} of the
     * cluster has it and at least that share of the class's rows with it are in the cluster), or -1. Such a cluster
     * is a natural sub-population, and a model trained without it has seen that category only in the other
     * classes, so reclassification would move it whatever it is.
     */
    static int wholeCategory(Dataset d, int[] classRows, int[] cluster) {
        java.util.Set<Integer> members = new java.util.HashSet<>();
        for (int i : cluster) {
            members.add(i);
        }
        for (int j = 0; j < d.features(); j++) {
            if (!d.featureNames().get(j).contains("=")) {
                continue;
            }
            int inCluster = 0;
            int inClass = 0;
            for (int i : classRows) {
                if (d.x()[i][j] > 0.5) {
                    inClass++;
                    inCluster += members.contains(i) ? 1 : 0;
                }
            }
            if (inCluster >= CATEGORY_SHARE * cluster.length && inCluster >= CATEGORY_SHARE * inClass) {
                return j;
            }
        }
        return -1;
    }

    private static double[][] project(double[][] rep, ClassGeometry g) {
        int m = g.components().length;
        double[][] p = new double[g.size()][m];
        for (int r = 0; r < g.size(); r++) {
            for (int k = 0; k < m; k++) {
                p[r][k] = g.project(rep[g.rows()[r]], k);
            }
        }
        return p;
    }

    /** Exclusionary reclassification of one candidate cluster of class {@code k}. */
    private static List<Flag> reclassify(Dataset d, float[] flat, int k, int[] cluster, double share,
                                         SanitizeRandomness randomness) {
        CheckModel lr = CheckModel.fitWithout(d, flat, cluster, randomness);
        double[] prior = new double[d.classes().size()];
        for (int y : d.y()) {
            prior[y]++;
        }
        for (int i : cluster) {
            prior[d.y()[i]]--;
        }
        for (int j = 0; j < prior.length; j++) {
            prior[j] /= d.rows() - cluster.length;
        }
        float[] p = new float[Math.max(2, d.classes().size())];
        double[] other = new double[cluster.length];
        boolean[] rowMoved = new boolean[cluster.length];
        int moved = 0;
        int[] votes = new int[d.classes().size()];
        for (int n = 0; n < cluster.length; n++) {
            lr.probabilities(cluster[n], p);
            // Judged against the priors: a model of a 1 %-class predicts the majority for almost anything it has not
            // seen, which is no evidence that rows belong there; a row moves only if the odds for another class over
            // its own exceed the prior odds LIKELIHOOD_RATIO times.
            int arg = k;
            double best = p[k] / Math.max(prior[k], 1e-12) * LIKELIHOOD_RATIO;
            for (int j = 0; j < d.classes().size(); j++) {
                double v = p[j] / Math.max(prior[j], 1e-12);
                if (j != k && v > best) {
                    best = v;
                    arg = j;
                }
            }
            other[n] = 1 - p[k];
            // A confirmed cluster can hold genuine rows near the poison: each row must itself be more likely another
            // class than its own, without the prior correction.
            rowMoved[n] = arg != k && 1 - p[k] >= ROW_CONFIDENCE;
            if (arg != k) {
                moved++;
                votes[arg]++;
            }
        }
        List<Flag> flags = new ArrayList<>();
        double movedShare = (double) moved / cluster.length;
        if (movedShare < RECLASSIFIED) {
            return flags;
        }
        // Calibrated as the label checks are (CalibratedLabelTest): a row's label must be improbable under the
        // reclassifier beyond the noise it predicts, Benjamini-Hochberg over the whole class. A burst of genuine fraud
        // that looks legitimate (one customer's quiet test purchases) is a cluster the model moves, yet each of its
        // labels has a probability of 0.1-0.2 under it: expected among hundreds of fraud rows, not evidence.
        double[] pValue = new double[cluster.length];
        double[] post = new double[d.classes().size()];
        for (int n = 0; n < cluster.length; n++) {
            lr.probabilities(cluster[n], p);
            for (int j = 0; j < post.length; j++) {
                post[j] = p[j];
            }
            pValue[n] = CalibratedLabelTest.pValue(post, k);
        }
        int classSize = 0;
        for (int y : d.y()) {
            classSize += y == k ? 1 : 0;
        }
        double cut = CalibratedLabelTest.threshold(pValue, classSize, CalibratedLabelTest.FDR);
        int target = 0;
        for (int j = 1; j < votes.length; j++) {
            if (votes[j] > votes[target]) {
                target = j;
            }
        }
        String reason = String.format("in a %d-row cluster (%.1f%% of class '%s') split off by 2-means on %d principal "
                        + "components; a model trained without the cluster puts %.0f%% of it in class '%s'",
                cluster.length, 100 * share, d.classes().get(k), DIMENSIONS, 100 * movedShare, d.classes().get(target));
        for (int n = 0; n < cluster.length; n++) {
            if (rowMoved[n] && pValue[n] <= cut) { // rows the model would still call class k are not evidence
                flags.add(new Flag(cluster[n], Detector.ACTIVATION_CLUSTERING, other[n], reason));
            }
        }
        return flags;
    }
}
