package org.mlgate.train.sanitize;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The rows of one class and their principal directions: the class mean and the top eigenvectors of the centred
 * covariance (symmetric eigendecomposition, largest variance first). Every detector centres first — scoring
 * uncentred vectors lets the class mean dominate the top direction.
 */
record ClassGeometry(int label, int[] rows, double[] mean, double[][] components, double[] variances) {

    static ClassGeometry of(double[][] rep, int[] y, int label, int maxComponents) {
        int[] rows = IntStream.range(0, y.length).filter(i -> y[i] == label).toArray();
        int w = rep.length == 0 ? 0 : rep[0].length;
        double[] mean = new double[w];
        for (int i : rows) {
            for (int j = 0; j < w; j++) {
                mean[j] += rep[i][j] / rows.length;
            }
        }
        double[][] cov = new double[w][w];
        double[] c = new double[w];
        for (int i : rows) {
            for (int j = 0; j < w; j++) {
                c[j] = rep[i][j] - mean[j];
            }
            for (int a = 0; a < w; a++) {
                if (c[a] == 0) {
                    continue;
                }
                for (int b = a; b < w; b++) {
                    cov[a][b] += c[a] * c[b];
                }
            }
        }
        for (int a = 0; a < w; a++) {
            for (int b = a; b < w; b++) {
                cov[a][b] /= Math.max(1, rows.length - 1);
                cov[b][a] = cov[a][b];
            }
        }
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
        double[] values = e.getRealEigenvalues();
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer k) -> values[k]).reversed());
        int m = Math.min(maxComponents, w);
        double[][] comps = new double[m][];
        double[] vars = new double[m];
        for (int k = 0; k < m; k++) {
            comps[k] = e.getEigenvector(order[k]).toArray();
            vars[k] = Math.max(0, values[order[k]]);
        }
        return new ClassGeometry(label, rows, mean, comps, vars);
    }

    int size() {
        return rows.length;
    }

    /** (v − mean) · component k. */
    double project(double[] v, int k) {
        double s = 0;
        double[] u = components[k];
        for (int j = 0; j < u.length; j++) {
            s += (v[j] - mean[j]) * u[j];
        }
        return s;
    }
}
