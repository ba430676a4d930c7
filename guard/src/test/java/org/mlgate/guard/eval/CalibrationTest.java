package org.mlgate.guard.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CalibrationTest {
    private static final double[] NO_FLOORS = {0, 0};

    /** 100 benign texts: rail 0 scores i/100, rail 1 scores (99 - i)/100 (each text is high on one rail only). */
    private static double[][] benign() {
        double[][] b = new double[2][100];
        for (int i = 0; i < 100; i++) {
            b[0][i] = i / 100.0;
            b[1][i] = (99 - i) / 100.0;
        }
        return b;
    }

    @Test
    void withoutAttacksEveryRailGetsTheSameShareOfTheBudget() {
        double[] t = Calibration.fit(benign(), new double[2][0], NO_FLOORS, 0.02);
        // One benign text above each threshold: two blocked in all, 2 %.
        assertThat(t[0]).isEqualTo(Math.nextUp(0.98));
        assertThat(t[1]).isEqualTo(Math.nextUp(0.98));
        assertThat(Calibration.fpr(benign(), t)).isEqualTo(0.02);
    }

    @Test
    void theBudgetGoesToTheRailThatCatchesAttacks() {
        // Attacks only rail 1 sees, just below its second-highest benign score.
        double[][] attacks = {{0, 0, 0}, {0.975, 0.975, 0.975}};
        double[] t = Calibration.fit(benign(), attacks, NO_FLOORS, 0.02);
        assertThat(t[1]).isLessThanOrEqualTo(0.975);
        assertThat(t[0]).isGreaterThan(0.99);
        assertThat(Calibration.fpr(benign(), t)).isLessThanOrEqualTo(0.02);
        // Equal shares would have missed all three.
        double[] equal = Calibration.fit(benign(), new double[2][0], NO_FLOORS, 0.02);
        assertThat(attacks[1][0]).isLessThan(equal[1]);
    }

    @Test
    void hardNegativesBoundTheThresholdsToo() {
        double[][] attacks = {{0, 0, 0}, {0.975, 0.975, 0.975}};
        // A hard negative that rail 1 scores like the attacks: allowing it would block 1 of 1.
        double[][] hard = {{0}, {0.975}};
        double[] t = Calibration.fit(benign(), attacks, hard, 0.02, NO_FLOORS, 0.02);
        assertThat(t[1]).isGreaterThan(0.975);
        assertThat(Calibration.fpr(hard, t)).isZero();
    }

    @Test
    void floorsHold() {
        double[][] attacks = {{0.3}, {0.3}};
        double[] t = Calibration.fit(benign(), attacks, new double[] {0.5, 0.5}, 0.5);
        assertThat(t[0]).isGreaterThanOrEqualTo(0.5);
        assertThat(t[1]).isGreaterThanOrEqualTo(0.5);
    }
}
