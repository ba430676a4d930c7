package org.mlgate.train.sanitize;

import java.util.random.RandomGenerator;

/**
 * 2-means (Lloyd's algorithm from k-means++ starts, several restarts, the lowest within-cluster sum of squares
 * kept) on small dense vectors. Bounded: at most {@link #MAX_ITERATIONS} iterations per restart.
 */
final class TwoMeans {
    static final int RESTARTS = 4;
    static final int MAX_ITERATIONS = 100;

    private TwoMeans() {
    }

    /** Cluster assignment (0 or 1) per point; all zeros when there are fewer than two distinct points. */
    static int[] cluster(double[][] points, RandomGenerator random) {
        int n = points.length;
        int[] best = new int[n];
        double bestInertia = Double.POSITIVE_INFINITY;
        for (int restart = 0; restart < RESTARTS; restart++) {
            double[][] centres = seeds(points, random);
            if (centres == null) {
                return best;
            }
            int[] assign = new int[n];
            double inertia = 0;
            for (int it = 0; it < MAX_ITERATIONS; it++) {
                boolean changed = it == 0;
                inertia = 0;
                for (int i = 0; i < n; i++) {
                    double d0 = dist2(points[i], centres[0]);
                    double d1 = dist2(points[i], centres[1]);
                    int a = d1 < d0 ? 1 : 0;
                    inertia += Math.min(d0, d1);
                    if (a != assign[i]) {
                        assign[i] = a;
                        changed = true;
                    }
                }
                if (!changed) {
                    break;
                }
                centres = means(points, assign, centres);
            }
            if (inertia < bestInertia) {
                bestInertia = inertia;
                best = assign.clone();
            }
        }
        return best;
    }

    /** k-means++: one point uniformly, the second with probability proportional to its squared distance. */
    private static double[][] seeds(double[][] points, RandomGenerator random) {
        int n = points.length;
        double[] first = points[random.nextInt(n)];
        double[] d = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            d[i] = dist2(points[i], first);
            total += d[i];
        }
        if (total == 0) {
            return null;
        }
        double u = random.nextDouble() * total;
        int pick = n - 1;
        for (int i = 0; i < n; i++) {
            u -= d[i];
            if (u <= 0 && d[i] > 0) {
                pick = i;
                break;
            }
        }
        return new double[][] {first.clone(), points[pick].clone()};
    }

    private static double[][] means(double[][] points, int[] assign, double[][] previous) {
        int w = points[0].length;
        double[][] sum = new double[2][w];
        int[] count = new int[2];
        for (int i = 0; i < points.length; i++) {
            count[assign[i]]++;
            for (int j = 0; j < w; j++) {
                sum[assign[i]][j] += points[i][j];
            }
        }
        for (int c = 0; c < 2; c++) {
            if (count[c] == 0) {
                sum[c] = previous[c].clone(); // an emptied cluster keeps its centre
                continue;
            }
            for (int j = 0; j < w; j++) {
                sum[c][j] /= count[c];
            }
        }
        return sum;
    }

    static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }
}
