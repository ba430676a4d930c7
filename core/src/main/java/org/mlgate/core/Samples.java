package org.mlgate.core;

import java.util.Arrays;

/** Summaries of repeated measurements, one definition for every benchmark. */
public final class Samples {
    private Samples() {
    }

    /** The median (the mean of the two middle values for an even count); NaN for no samples. */
    public static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    public static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    public static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
