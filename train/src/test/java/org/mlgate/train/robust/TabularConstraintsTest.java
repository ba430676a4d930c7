package org.mlgate.train.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Label;
import org.mlgate.train.data.Schema;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;

class TabularConstraintsTest {
    /** amount (free), age (immutable integer 18..98), kind (3 categories), count (integer 0..10). */
    static Schema schema() {
        return new Schema(List.of(
                new Feature.Numeric("amount", 0, 1000),
                new Feature.Numeric("age", 18, 98),
                new Feature.Categorical("kind", List.of("a", "b", "c")),
                new Feature.Numeric("count", 0, 10)),
                new Label("y", List.of("0", "1"), null), List.of(), null);
    }

    @Test
    void fromSchemaMapsFeaturesToColumns() {
        TabularConstraints c = TabularConstraints.fromSchema(schema(), Set.of("age"), Set.of("age", "count"));
        assertThat(c.width()).isEqualTo(6);
        assertThat(c.immutable()).containsExactly(false, true, false, false, false, false);
        assertThat(c.groups()).containsExactly(new TabularConstraints.OneHotGroup(2, 5));
        assertThat(c.integerStep()).containsExactly(0, 1.0 / 80, 0, 0, 0, 0.1);
        assertThatThrownBy(() -> TabularConstraints.fromSchema(schema(), Set.of("nope"), Set.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("nope");
        Schema halfMin = new Schema(List.of(new Feature.Numeric("n", 0.5, 10)),
                new Label("y", List.of("0", "1"), null), List.of(), null);
        assertThatThrownBy(() -> TabularConstraints.fromSchema(halfMin, Set.of(), Set.of("n")))
                .isInstanceOf(UsageException.class).hasMessageContaining("integer min");
        assertThatThrownBy(() -> TabularConstraints.fromSchema(schema(), Set.of(), Set.of("kind")))
                .isInstanceOf(UsageException.class).hasMessageContaining("categorical");
    }

    @Test
    void projectionKeepsRowsFeasible() {
        TabularConstraints c = TabularConstraints.fromSchema(schema(), Set.of("age"), Set.of("age", "count"));
        float[] clean = {0.98f, 0.25f, 0f, 1f, 0f, 0.3f};
        double eps = 0.7;
        SplittableRandom r = new SplittableRandom(5);
        boolean categoryChanged = false;
        for (int trial = 0; trial < 500; trial++) {
            float[] adv = new float[6];
            for (int j = 0; j < 6; j++) {
                adv[j] = (float) (3 * r.nextDouble() - 1);
            }
            c.project(adv, clean, 0, eps);
            assertThat(adv[1]).as("immutable").isEqualTo(clean[1]);
            for (int j = 0; j < 6; j++) {
                assertThat(adv[j]).isBetween(0f, 1f);
                if (j < 2 || j > 4) {   // one-hot slots jump to 0/1 when the category switches
                    assertThat(Math.abs(adv[j] - clean[j])).isLessThanOrEqualTo((float) eps + 1e-6f);
                }
            }
            int ones = 0;
            for (int j = 2; j < 5; j++) {
                assertThat(adv[j]).isIn(0f, 1f);
                ones += adv[j] == 1f ? 1 : 0;
            }
            assertThat(ones).as("exactly one category").isEqualTo(1);
            categoryChanged |= adv[3] == 0f;
            double k = adv[5] / 0.1;
            assertThat(Math.abs(k - Math.rint(k))).as("count is an integer").isLessThan(1e-4);
        }
        assertThat(categoryChanged).as("a large ε may switch the category").isTrue();
    }

    @Test
    void smallEpsilonKeepsCategoryAndIntegerValue() {
        TabularConstraints c = TabularConstraints.fromSchema(schema(), Set.of(), Set.of("count"));
        float[] clean = {0.5f, 0.5f, 0f, 1f, 0f, 0.3f};
        float[] adv = {1f, 0f, 1f, 0f, 1f, 1f};
        c.project(adv, clean, 0, 0.05);
        assertThat(adv).containsExactly(0.55f, 0.45f, 0f, 1f, 0f, 0.3f);
    }

    @Test
    void attacksReturnFeasibleRows() {
        TabularConstraints c = TabularConstraints.fromSchema(schema(), Set.of("age"), Set.of("age", "count"));
        Model m = Mlp.seededForTests(6, List.of(8), 2, 3);
        m.parametersChanged();
        float[] clean = {0.98f, 0.25f, 0f, 1f, 0f, 0.3f};
        for (float[] adv : List.of(Attacks.fgsm(m, clean, 0, 1, 0.2, c),
                Attacks.pgd(m, clean, 0, 1, 0.2, 10, 0.05, c))) {
            assertThat(adv[1]).isEqualTo(clean[1]);
            assertThat(adv[0]).isBetween(0.78f, 1f);
            assertThat(adv[2] + adv[3] + adv[4]).isEqualTo(1f);
            assertThat(adv[3]).isEqualTo(1f);
            assertThat(Math.abs(adv[5] / 0.1 - Math.rint(adv[5] / 0.1))).isLessThan(1e-4);
        }
    }

    @Test
    void randomStartPgdStaysFeasibleAndDiffersBetweenStarts() {
        TabularConstraints c = TabularConstraints.fromSchema(schema(), Set.of("age"), Set.of("age", "count"));
        Model m = Mlp.seededForTests(6, List.of(8), 2, 3);
        m.parametersChanged();
        float[] clean = {0.5f, 0.25f, 0f, 1f, 0f, 0.3f};
        java.util.random.RandomGenerator random = new SplittableRandom(17);
        java.util.Set<Float> firstColumn = new java.util.HashSet<>();
        for (int trial = 0; trial < 200; trial++) {
            // one step of a tiny size: the result stays close to the random start, so the start is what is tested
            float[] adv = Attacks.pgd(m, clean, 0, trial % 2, 0.3, 1, 1e-4, c, random);
            assertThat(adv[1]).as("immutable").isEqualTo(clean[1]);
            assertThat(adv[0]).isBetween(0.2f - 1e-6f, 0.8f + 1e-6f);
            assertThat(adv[2] + adv[3] + adv[4]).isEqualTo(1f);
            assertThat(adv[3]).as("ε·scale 0.3 < 0.5 keeps the category").isEqualTo(1f);
            assertThat(Math.abs(adv[5] / 0.1 - Math.rint(adv[5] / 0.1))).as("count integer").isLessThan(1e-4);
            assertThat(Math.abs(adv[5] - clean[5])).isLessThanOrEqualTo(0.3f + 1e-6f);
            firstColumn.add(adv[0]);
        }
        assertThat(firstColumn).as("random starts differ").hasSizeGreaterThan(100);
        assertThatThrownBy(() -> new AdversarialTraining(AdversarialTraining.Attack.FGSM, 0.1, 1, 0.1, 0.5, true,
                TabularConstraints.free(2))).isInstanceOf(UsageException.class).hasMessageContaining("random start");
    }

    @Test
    void invalidConstraintsAreRefused() {
        assertThatThrownBy(() -> new TabularConstraints(2, new boolean[2],
                List.of(new TabularConstraints.OneHotGroup(0, 2), new TabularConstraints.OneHotGroup(1, 2)),
                new double[2], new double[] {1, 1})).isInstanceOf(UsageException.class).hasMessageContaining("two");
        assertThatThrownBy(() -> TabularConstraints.free(2).withScale(new double[] {1, 0}))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> AdversarialTraining.pgd(0, 5, 0.5, TabularConstraints.free(2)))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> AdversarialTraining.pgd(0.1, 5, 1.5, TabularConstraints.free(2)))
                .isInstanceOf(UsageException.class);
    }
}
