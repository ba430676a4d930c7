package org.mlgate.train.robust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Overall and per-class shares of correctly classified rows. */
class RobustSharesTest {
    @Test
    void sharesOverallAndPerClass() {
        boolean[] ok = {true, false, true, true};
        int[] y = {0, 0, 1, 1};
        assertThat(RobustEvaluation.share(ok)).isEqualTo(0.75);
        assertThat(RobustEvaluation.shareByClass(ok, y, 3)).containsExactly(0.5, 1.0, Double.NaN);
        assertThat(RobustEvaluation.share(new boolean[0])).isNaN();
    }
}
