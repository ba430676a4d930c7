package org.mlgate.train.sanitize;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.exception.MaxCountExceededException;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The rows of one class and their principal directions: the class mean and the top eigenvectors of the centred
 * covariance (symmetric eigendecomposition, largest variance first). Every detector centres first — scoring
 * uncentred vectors lets the class mean dominate the top direction.
 */
record ClassGeometry(int label, int[] rows, double[] mean, double[][] components, double[] variances) {
    static final int POWER_ITERATIONS = 500;

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
        int m = Math.min(maxComponents, w);
        double[][] comps = new double[m][];
        double[] vars = new double[m];
        try {
            EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
            double[] values = e.getRealEigenvalues();
            Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer k) -> values[k]).reversed());
            for (int k = 0; k < m; k++) {
                comps[k] = e.getEigenvector(order[k]).toArray();
                vars[k] = Math.max(0, values[order[k]]);
            }
        } catch (MaxCountExceededException notConverged) {
            // Commons Math's QR iteration can fail to converge on some matrices (found by fuzzing); power
            // iteration with deflation always ends and gives the top directions to the precision the detectors need.
            powerIteration(cov, comps, vars);
        }
        return new ClassGeometry(label, rows, mean, comps, vars);
    }

    /** The top {@code comps.length} eigenvectors of symmetric {@code cov} by power iteration with deflation. */
    static void powerIteration(double[][] cov, double[][] comps, double[] vars) {
        int w = cov.length;
        double[][] a = new double[w][];
        for (int i = 0; i < w; i++) {
            a[i] = cov[i].clone();
        }
        for (int k = 0; k < comps.length; k++) {
            double[] v = new double[w];
            for (int j = 0; j < w; j++) {
                v[j] = 1.0 + 0.01 * j; // not orthogonal to any direction that matters in practice
            }
            normalise(v);
            double lambda = 0;
            for (int it = 0; it < POWER_ITERATIONS; it++) {
                double[] next = times(a, v);
                double norm = Math.sqrt(dot(next, next));
                if (!(norm > 0) || !Double.isFinite(norm)) {
                    break;
                }
                for (int j = 0; j < w; j++) {
                    next[j] /= norm;
                }
                v = next;
            }
            lambda = dot(v, times(a, v));
            comps[k] = v;
            vars[k] = Math.max(0, lambda);
            for (int i = 0; i < w; i++) {
                for (int j = 0; j < w; j++) {
                    a[i][j] -= lambda * v[i] * v[j];
                }
            }
        }
    }

    private static double[] times(double[][] a, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = dot(a[i], v);
        }
        return out;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static void normalise(double[] v) {
        double n = Math.sqrt(dot(v, v));
        for (int j = 0; j < v.length; j++) {
            v[j] /= n;
        }
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
