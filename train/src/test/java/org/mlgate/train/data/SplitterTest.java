package org.mlgate.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitterTest {
    private static Dataset data(int n, boolean units) {
        double[][] x = new double[n][];
        int[] y = new int[n];
        String[] u = units ? new String[n] : null;
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {i};
            y[i] = i % 10 == 0 ? 1 : 0;
            if (units) {
                u[i] = "u" + (i % 37);
            }
        }
        return new Dataset(x, y, u, List.of("i"), List.of("a", "b"));
    }

    @Test
    void stratifiedAndReproducibleWithASeed() {
        Dataset d = data(1000, false);
        Split a = Splitter.seeded(42).split(d, 0.7);
        Split b = Splitter.seeded(42).split(d, 0.7);
        Split c = Splitter.seeded(43).split(d, 0.7);
        assertThat(a.train().classCounts()).containsExactly(630, 70);
        assertThat(a.test().classCounts()).containsExactly(270, 30);
        assertThat(ids(a.train())).isEqualTo(ids(b.train())).isNotEqualTo(ids(c.train()));
        Set<Double> all = new HashSet<>(ids(a.train()));
        all.addAll(ids(a.test()));
        assertThat(all).hasSize(1000);
        assertThat(ids(a.train())).isSorted(); // file order kept
        assertThat(Splitter.secure().split(d, 0.7).train().rows()).isEqualTo(700);
    }

    @Test
    void privacyUnitsNeverStraddleTrainAndTest() {
        Dataset d = data(1000, true);
        Split s = Splitter.seeded(5).split(d, 0.7);
        Set<String> train = new HashSet<>(Arrays.asList(s.train().units()));
        Set<String> test = new HashSet<>(Arrays.asList(s.test().units()));
        assertThat(train).doesNotContainAnyElementsOf(test);
        assertThat(train.size() + test.size()).isEqualTo(37);
        assertThat(s.train().rows() + s.test().rows()).isEqualTo(1000);
        assertThat(s.train().rows()).isBetween(600, 800);
    }

    private static List<Double> ids(Dataset d) {
        return Arrays.stream(d.x()).map(r -> r[0]).toList();
    }

    @Test
    void unitGroupsCollectEachUnitsRows() {
        Dataset d = data(100, true);
        int[][] groups = d.unitGroups();
        assertThat(groups).hasNumberOfRows(37);
        assertThat(groups[0]).containsExactly(0, 37, 74);
        assertThat(Arrays.stream(groups).mapToInt(g -> g.length).sum()).isEqualTo(100);
        assertThat(data(3, false).unitGroups()).isDeepEqualTo(new int[][] {{0}, {1}, {2}});
    }
}
