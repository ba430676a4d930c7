package org.mlgate.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand-computed values (and scikit-learn's on the same inputs, noted where they were checked by hand). */
class MetricsTest {
    private static float[] binary(double... p1) {
        float[] p = new float[p1.length * 2];
        for (int i = 0; i < p1.length; i++) {
            p[2 * i] = (float) (1 - p1[i]);
            p[2 * i + 1] = (float) p1[i];
        }
        return p;
    }

    @Test
    void perfectAndReversedRankings() {
        int[] y = {0, 0, 1, 1};
        Evaluation good = Metrics.evaluate(y, binary(0.1, 0.2, 0.8, 0.9), 2);
        assertThat(good.accuracy()).isEqualTo(1.0);
        assertThat(good.rocAuc()).isEqualTo(1.0);
        assertThat(good.prAuc()).isEqualTo(1.0);
        assertThat(good.brier()).isCloseTo((0.01 + 0.04 + 0.04 + 0.01) / 4, within(1e-7));
        Evaluation bad = Metrics.evaluate(y, binary(0.9, 0.8, 0.2, 0.1), 2);
        assertThat(bad.rocAuc()).isEqualTo(0.0);
        assertThat(bad.accuracy()).isEqualTo(0.0);
    }

    @Test
    void tiesCountHalf() {
        // scores: neg 0.5, pos 0.5, neg 0.1, pos 0.9: pairs (pos, neg): (0.5,0.5)=1/2, (0.5,0.1)=1, (0.9,*)=1+1 → 3.5/4
        int[] y = {0, 1, 0, 1};
        double[] s = {0.5, 0.5, 0.1, 0.9};
        boolean[] pos = {false, true, false, true};
        assertThat(Metrics.rocAuc(s, pos)).isEqualTo(0.875);
        // AP: thresholds 0.9 (P=1, R=.5), 0.5 (tied pair: P=2/3, R=1), 0.1 → 0.5·1 + 0.5·2/3 = 0.8333 (sklearn agrees)
        assertThat(Metrics.averagePrecision(s, pos)).isCloseTo(0.5 + 0.5 * 2.0 / 3, within(1e-12));
        assertThat(Metrics.evaluate(y, binary(s), 2).rocAuc()).isEqualTo(0.875);
    }

    @Test
    void averagePrecisionTextbookCase() {
        // sklearn docs example: y = [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8] → AP 0.8333...
        assertThat(Metrics.averagePrecision(new double[] {0.1, 0.4, 0.35, 0.8},
                new boolean[] {false, false, true, true})).isCloseTo(0.8333333333, within(1e-9));
        // and roc_auc_score → 0.75
        assertThat(Metrics.rocAuc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}))
                .isEqualTo(0.75);
    }

    @Test
    void multiClassUsesMacroOneVsRestAndFullBrier() {
        int[] y = {0, 1, 2};
        float[] p = {
            0.8f, 0.1f, 0.1f,
            0.2f, 0.7f, 0.1f,
            0.3f, 0.3f, 0.4f,
        };
        Evaluation e = Metrics.evaluate(y, p, 3);
        assertThat(e.accuracy()).isEqualTo(1.0);
        assertThat(e.rocAuc()).isEqualTo(1.0);
        double brier = ((0.04 + 0.01 + 0.01) + (0.04 + 0.09 + 0.01) + (0.09 + 0.09 + 0.36)) / 3;
        assertThat(e.brier()).isCloseTo(brier, within(1e-6));
    }

    @Test
    void aucIsUndefinedWithOneClass() {
        assertThat(Metrics.evaluate(new int[] {1, 1}, binary(0.3, 0.6), 2).rocAuc()).isNaN();
    }
}
