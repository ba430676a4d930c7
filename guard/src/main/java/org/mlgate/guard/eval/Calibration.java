package org.mlgate.guard.eval;

import java.util.Arrays;

/**
 * Thresholds for several scored rails that block together, fitted on benign calibration scores: each rail's
 * threshold sits just above its (k+1)-th highest benign score, with k the largest for which the share of
 * benign calibration texts that any rail would block is at most the target. Floors keep a rail from firing on
 * weak evidence when the calibration set is small (a rail's threshold is never below its floor).
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
    static double[] fit(double[][] benign, double[] floors, double targetFpr) {
        int rails = benign.length;
        int n = benign[0].length;
        double[][] desc = new double[rails][];
        for (int r = 0; r < rails; r++) {
            double[] s = benign[r].clone();
            Arrays.sort(s);
            desc[r] = new double[n];
            for (int i = 0; i < n; i++) {
                desc[r][i] = s[n - 1 - i];
            }
        }
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

    private static double[] thresholds(double[][] desc, double[] floors, int k) {
        double[] t = new double[desc.length];
        for (int r = 0; r < desc.length; r++) {
            double above = k < desc[r].length ? Math.nextUp(desc[r][k]) : 0;
            t[r] = Math.min(1, Math.max(floors[r], above));
        }
        return t;
    }

    static double fpr(double[][] benign, double[] t) {
        int n = benign[0].length;
        int blocked = 0;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < benign.length; r++) {
                if (benign[r][i] >= t[r]) {
                    blocked++;
                    break;
                }
            }
        }
        return n == 0 ? 0 : (double) blocked / n;
    }
}
