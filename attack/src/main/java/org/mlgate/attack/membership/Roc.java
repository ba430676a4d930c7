package org.mlgate.attack.membership;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Membership scores judged as a detector (members positive, higher score = "member"): AUC by the Mann–Whitney
 * statistic (ties count one half), TPR at a fixed FPR (the largest TPR whose threshold lets at most that fraction of
 * non-members through, as Carlini et al. report it), a percentile-bootstrap interval for the AUC and a Wilson
 * interval for each TPR.
 */
final class Roc {
    private Roc() {
    }

    static double auc(double[] members, double[] nonMembers) {
        double[] m = members.clone();
        double[] n = nonMembers.clone();
        Arrays.sort(m);
        Arrays.sort(n);
        double wins = 0;
        int lo = 0;
        int hi = 0;
        for (double v : m) {
            while (lo < n.length && n[lo] < v) {
                lo++;
            }
            hi = Math.max(hi, lo);
            while (hi < n.length && n[hi] <= v) {
                hi++;
            }
            wins += lo + 0.5 * (hi - lo);
        }
        return wins / ((double) m.length * n.length);
    }

    /** Fraction of members scored strictly above the threshold that passes at most {@code fpr} of non-members. */
    static double tprAt(double[] members, double[] nonMembers, double fpr) {
        double[] n = nonMembers.clone();
        Arrays.sort(n);
        int allowed = (int) Math.floor(fpr * n.length);
        // threshold: the (allowed+1)-th largest non-member score; only scores above it count as "member"
        double threshold = n[n.length - 1 - allowed];
        int tp = 0;
        for (double v : members) {
            tp += v > threshold ? 1 : 0;
        }
        return (double) tp / members.length;
    }

    /** 95 % percentile-bootstrap interval of the AUC (resampling members and non-members separately). */
    static double[] aucInterval(double[] members, double[] nonMembers, int resamples, RandomGenerator random) {
        double[] a = new double[resamples];
        double[] m = new double[members.length];
        double[] n = new double[nonMembers.length];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < m.length; i++) {
                m[i] = members[random.nextInt(members.length)];
            }
            for (int i = 0; i < n.length; i++) {
                n[i] = nonMembers[random.nextInt(nonMembers.length)];
            }
            a[b] = auc(m, n);
        }
        Arrays.sort(a);
        return new double[] {a[(int) (0.025 * (resamples - 1))], a[(int) Math.ceil(0.975 * (resamples - 1))]};
    }

    /** 95 % Wilson interval of a proportion {@code p} measured on {@code n} trials. */
    static double[] wilson(double p, int n) {
        double z = 1.959963984540054;
        double d = 1 + z * z / n;
        double c = (p + z * z / (2 * n)) / d;
        double h = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;
        return new double[] {Math.max(0, c - h), Math.min(1, c + h)};
    }
}
