package org.mlgate.guard.eval;

import java.util.Arrays;

/**
 * Thresholds for several scored rails that block together, fitted on calibration scores. Each rail's threshold
 * sits just above one of its highest benign scores; of the combinations whose union blocks at most the target
 * share of benign calibration texts, the one that blocks the most calibration attacks is taken (the false-positive
 * budget goes to the rail that catches most with it). Without calibration attacks every rail gets the same
 * number of benign texts above it, the largest that keeps the union within the target. Floors keep a rail from
 * firing on weak evidence when the calibration set is small (a rail's threshold is never below its floor).
 */
final class Calibration {
    private Calibration() {
    }

    /**
     * @param benign    benign calibration scores, {@code benign[rail][text]}
     * @param floors    per-rail minimum threshold
     * @param targetFpr share of benign texts allowed to be blocked
     * @return per-rail thresholds in [0, 1]
     */
    static double[] fit(double[][] benign, double[][] attacks, double[] floors, double targetFpr) {
        return fit(benign, attacks, new double[benign.length][0], 1, floors, targetFpr);
    }

    /**
     * @param hardNegatives benign texts with trigger words: a combination may block at most {@code hardNegativeFpr}
     *                      of them besides the target share of ordinary benign texts
     */
    static double[] fit(double[][] benign, double[][] attacks, double[][] hardNegatives, double hardNegativeFpr,
                        double[] floors, double targetFpr) {
        int n = benign[0].length;
        if (attacks[0].length == 0 || n == 0) {
            return fit(benign, floors, targetFpr);
        }
        int rails = benign.length;
        int most = (int) Math.floor(targetFpr * n);
        double[][] desc = descending(benign);
        double[][] candidates = new double[rails][Math.min(n, most + 1)];
        for (int r = 0; r < rails; r++) {
            for (int k = 0; k < candidates[r].length; k++) {
                candidates[r][k] = threshold(desc[r], floors[r], k);
            }
        }
        double[] best = fit(benign, floors, targetFpr);
        int bestHits = fpr(hardNegatives, best) <= hardNegativeFpr ? blocked(attacks, best) : -1;
        int[] at = new int[rails];
        double[] t = new double[rails];
        while (true) {
            for (int r = 0; r < rails; r++) {
                t[r] = candidates[r][at[r]];
            }
            if (fpr(benign, t) <= targetFpr && fpr(hardNegatives, t) <= hardNegativeFpr) {
                int hits = blocked(attacks, t);
                if (hits > bestHits) {
                    bestHits = hits;
                    best = t.clone();
                }
            }
            int r = 0;
            while (r < rails && ++at[r] == candidates[r].length) {
                at[r++] = 0;
            }
            if (r == rails) {
                return best;
            }
        }
    }

    private static int blocked(double[][] scores, double[] t) {
        int hits = 0;
        for (int i = 0; i < scores[0].length; i++) {
            for (int r = 0; r < scores.length; r++) {
                if (scores[r][i] >= t[r]) {
                    hits++;
                    break;
                }
            }
        }
        return hits;
    }

    static double[] fit(double[][] benign, double[] floors, double targetFpr) {
        int n = benign[0].length;
        double[][] desc = descending(benign);
        double[] best = thresholds(desc, floors, 0);
        for (int k = 1; k <= n; k++) {
            double[] t = thresholds(desc, floors, k);
            if (fpr(benign, t) > targetFpr) {
                break;
            }
            best = t;
        }
        return best;
    }

    /** Each rail's scores, highest first. */
    private static double[][] descending(double[][] scores) {
        double[][] desc = new double[scores.length][];
        for (int r = 0; r < scores.length; r++) {
            double[] s = scores[r].clone();
            Arrays.sort(s);
            int n = s.length;
            desc[r] = new double[n];
            for (int i = 0; i < n; i++) {
                desc[r][i] = s[n - 1 - i];
            }
        }
        return desc;
    }

    private static double[] thresholds(double[][] desc, double[] floors, int k) {
        double[] t = new double[desc.length];
        for (int r = 0; r < desc.length; r++) {
            t[r] = threshold(desc[r], floors[r], k);
        }
        return t;
    }

    /** Just above the rail's (k+1)-th highest benign score (0 past the last), never below its floor, at most 1. */
    private static double threshold(double[] desc, double floor, int k) {
        double above = k < desc.length ? Math.nextUp(desc[k]) : 0;
        return Math.min(1, Math.max(floor, above));
    }

    static double fpr(double[][] benign, double[] t) {
        int n = benign[0].length;
        return n == 0 ? 0 : (double) blocked(benign, t) / n;
    }
}
