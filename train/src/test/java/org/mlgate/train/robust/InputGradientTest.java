package org.mlgate.train.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;

/** d(loss)/d(input) against central finite differences of the loss, for LR (sigmoid, softmax) and MLPs. */
class InputGradientTest {
    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("LR binary", randomLr(6, 2)),
                Arguments.of("LR 3 classes", randomLr(6, 3)),
                Arguments.of("MLP 6-7-2", Mlp.seededForTests(6, List.of(7), 2, 11)),
                Arguments.of("MLP 6-12-9-3", Mlp.seededForTests(6, List.of(12, 9), 3, 12)),
                Arguments.of("MLP 6-16-8-9-4", Mlp.seededForTests(6, List.of(16, 8, 9), 4, 13)));
    }

    private static Model randomLr(int features, int classes) {
        LogisticRegression m = LogisticRegression.create(features, classes);
        SplittableRandom r = new SplittableRandom(features * 17L + classes);
        for (int i = 0; i < m.parameterCount(); i++) {
            m.parameters()[i] = (float) (4 * r.nextDouble() - 2);
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void inputGradientMatchesFiniteDifferences(String name, Model m) {
        m.parametersChanged();
        Model.Workspace ws = m.newWorkspace();
        SplittableRandom r = new SplittableRandom(99);
        int f = m.features();
        double largest = 0;
        for (int example = 0; example < 4; example++) {
            float[] x = new float[2 * f];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble();
            }
            int label = example % m.classes();
            float[] grad = new float[f];
            float loss = m.inputGradient(x, 1, label, grad, ws);
            assertThat(loss).isCloseTo(m.exampleLoss(x, 1, label, ws), within(1e-6f));
            double h = 1e-3;
            for (int j = 0; j < f; j++) {
                float saved = x[f + j];
                x[f + j] = (float) (saved + h);
                double up = m.exampleLoss(x, 1, label, ws);
                x[f + j] = (float) (saved - h);
                double down = m.exampleLoss(x, 1, label, ws);
                x[f + j] = saved;
                double numeric = (up - down) / (2 * h);
                largest = Math.max(largest, Math.abs(numeric));
                assertThat((double) grad[j]).as("%s: input %d", name, j)
                        .isCloseTo(numeric, within(2e-3 + 1e-2 * Math.abs(numeric)));
            }
        }
        assertThat(largest).as("the check must see non-zero gradients").isGreaterThan(0.01);
    }
}
