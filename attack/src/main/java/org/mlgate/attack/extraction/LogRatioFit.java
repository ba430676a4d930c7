package org.mlgate.attack.extraction;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Fits log(p_c / p_0) = β_c · z by (weighted) least squares, per class c ≥ 1: with as many independent rows as
 * coefficients this is Tramèr et al.'s equation solving (exact up to the scores' precision); with more rows of
 * rounded scores it averages the rounding error away. Scores are clamped into [floor, 1 - floor] so an answer of
 * 0 or 1 (rounded, or saturated) stays finite; such rows get a small weight.
 */
final class LogRatioFit {
    private LogRatioFit() {
    }

    /**
     * @param z     design rows
     * @param p     class probabilities per row
     * @param floor smallest probability believed (half the rounding step; the float resolution for raw scores)
     * @param weighted weigh each row by its information (p_c·p_0, the logit's slope), for rounded scores
     */
    static double[][] fit(List<double[]> z, List<double[]> p, double floor, boolean weighted) {
        int n = z.size();
        int m = z.getFirst().length;
        int k = p.getFirst().length;
        double[][] beta = new double[k - 1][];
        for (int c = 1; c < k; c++) {
            RealMatrix a = new Array2DRowRealMatrix(n, m);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double pc = clamp(p.get(i)[c], floor);
                double p0 = clamp(p.get(i)[0], floor);
                // the rounding error of p moves log(p) by about step / p: weight by p to even it out
                double w = weighted ? Math.min(pc, p0) : 1;
                y[i] = w * (Math.log(pc) - Math.log(p0));
                for (int j = 0; j < m; j++) {
                    a.setEntry(i, j, w * z.get(i)[j]);
                }
            }
            try {
                beta[c - 1] = new QRDecomposition(a, 1e-12).getSolver().solve(new ArrayRealVector(y, false)).toArray();
            } catch (SingularMatrixException e) {
                // rows that never move some input (an attacker pool without a category, say) leave its coefficient
                // undetermined: the minimum-norm solution sets it to zero and fits every row the pool has
                beta[c - 1] = new SingularValueDecomposition(a).getSolver().solve(new ArrayRealVector(y, false))
                        .toArray();
            }
        }
        return beta;
    }

    private static double clamp(double v, double floor) {
        return Math.min(1 - floor, Math.max(floor, v));
    }
}
