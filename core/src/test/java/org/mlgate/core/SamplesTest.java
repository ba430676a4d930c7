package org.mlgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplesTest {
    @Test
    void medianOfOddAndEvenCountsLeavesTheInputAlone() {
        double[] v = {5, 1, 3};
        assertThat(Samples.median(v)).isEqualTo(3.0);
        assertThat(v).containsExactly(5, 1, 3);
        assertThat(Samples.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Samples.median(new double[0])).isNaN();
        assertThat(Samples.min(v)).isEqualTo(1.0);
        assertThat(Samples.max(v)).isEqualTo(5.0);
    }
}
