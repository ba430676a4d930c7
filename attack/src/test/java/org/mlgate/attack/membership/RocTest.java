package org.mlgate.attack.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** The ROC figures against their definitions, on random scores with many ties. */
class RocTest {
    @Test
    void aucEqualsThePairwiseDefinitionWithTiesCountingHalf() {
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(3);
        for (int trial = 0; trial < 50; trial++) {
            double[] m = new double[1 + r.nextInt(40)];
            double[] n = new double[1 + r.nextInt(40)];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.nextInt(6);
            }
            for (int i = 0; i < n.length; i++) {
                n[i] = r.nextInt(5);
            }
            double wins = 0;
            for (double a : m) {
                for (double b : n) {
                    wins += a > b ? 1 : a == b ? 0.5 : 0;
                }
            }
            assertThat(Roc.auc(m, n)).isCloseTo(wins / (m.length * n.length), within(1e-12));
        }
    }

    @Test
    void tprAtFprLetsThroughAtMostThatFractionOfNonMembers() {
        double[] nonMembers = new double[100];
        for (int i = 0; i < 100; i++) {
            nonMembers[i] = i;           // threshold at 1 % FPR: 98 (only 99 passes)
        }
        double[] members = {98.5, 99.5, 50, 97};
        assertThat(Roc.tprAt(members, nonMembers, 0.01)).isEqualTo(0.5);
        assertThat(Roc.tprAt(members, nonMembers, 0.001)).isEqualTo(0.25); // threshold 99: only 99.5
        double[] w = Roc.wilson(0.5, 100);
        assertThat(w[0]).isCloseTo(0.4038, within(1e-3));
        assertThat(w[1]).isCloseTo(0.5962, within(1e-3));
    }
}
