package org.mlgate.train.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Analytic per-example gradients against central finite differences, and the norm shortcut against the vector. */
class GradientCheckTest {
    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("LR binary (sigmoid)", randomLr(5, 2)),
                Arguments.of("LR 4 classes (softmax)", randomLr(5, 4)),
                Arguments.of("MLP 5-7-2", Mlp.seededForTests(5, List.of(7), 2, 1)),
                Arguments.of("MLP 5-9-3", Mlp.seededForTests(5, List.of(9), 3, 2)),
                Arguments.of("MLP 5-12-10-3", Mlp.seededForTests(5, List.of(12, 10), 3, 3)),
                Arguments.of("MLP 6-16-8-9-4", Mlp.seededForTests(6, List.of(16, 8, 9), 4, 4)));
    }

    private static Model randomLr(int features, int classes) {
        LogisticRegression m = LogisticRegression.create(features, classes);
        SplittableRandom r = new SplittableRandom(features * 31L + classes);
        for (int i = 0; i < m.parameterCount(); i++) {
            m.parameters()[i] = (float) (r.nextDouble() - 0.5);
        }
        return m;
    }

    private static float[] row(int features, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[features];
        for (int i = 0; i < features; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void gradientMatchesFiniteDifferences(String name, Model m) {
        Model.Workspace ws = m.newWorkspace();
        for (int example = 0; example < 3; example++) {
            float[] x = row(m.features(), 100 + example);
            int label = example % m.classes();
            int[] y = {label};
            m.parametersChanged();
            float[] grad = new float[m.parameterCount()];
            m.exampleGradient(x, 0, label, grad, ws);
            float[] p = m.parameters();
            double h = 1e-3;
            for (int i = 0; i < p.length; i++) {
                float saved = p[i];
                p[i] = (float) (saved + h);
                m.parametersChanged();
                double up = m.meanLoss(x, y, 1, ws);
                p[i] = (float) (saved - h);
                m.parametersChanged();
                double down = m.meanLoss(x, y, 1, ws);
                p[i] = saved;
                double numeric = (up - down) / (2 * h);
                assertThat((double) grad[i]).as("%s: parameter %d", name, i)
                        .isCloseTo(numeric, within(2e-3 + 1e-2 * Math.abs(numeric)));
            }
            m.parametersChanged();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void normShortcutEqualsTheMaterialisedGradientNorm(String name, Model m) {
        m.parametersChanged();
        Model.Workspace ws = m.newWorkspace();
        for (int example = 0; example < 20; example++) {
            float[] x = row(m.features(), 200 + example);
            float[] grad = new float[m.parameterCount()];
            m.exampleGradient(x, 0, example % m.classes(), grad, ws);
            double n = 0;
            for (float g : grad) {
                n += (double) g * g;
            }
            assertThat(ws.lastNorm()).as(name).isCloseTo(Math.sqrt(n), within(1e-5 * Math.sqrt(n) + 1e-7));
        }
    }

    /** The fused clip-and-add equals materialising each gradient, clipping it and summing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void fusedClippedSumEqualsTheReference(String name, Model m) {
        m.parametersChanged();
        int rows = 50;
        int f = m.features();
        float[] x = new float[rows * f];
        int[] y = new int[rows];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 6 - 3);
        }
        for (int i = 0; i < rows; i++) {
            y[i] = r.nextInt(m.classes());
        }
        double clip = 0.3;
        Model.Workspace ws = m.newWorkspace();
        GradientSum fused = m.newGradientSum();
        double[] reference = new double[m.parameterCount()];
        float[] g = new float[m.parameterCount()];
        for (int i = 0; i < rows; i++) {
            m.accumulate(x, i, y[i], clip, fused, ws);
            m.exampleGradient(x, i, y[i], g, ws);
            double norm = 0;
            for (float v : g) {
                norm += (double) v * v;
            }
            double factor = Math.min(1, clip / (Math.sqrt(norm) + 1e-6));
            for (int k = 0; k < g.length; k++) {
                reference[k] += factor * g[k];
            }
        }
        float[] flat = new float[m.parameterCount()];
        fused.copyTo(flat);
        for (int k = 0; k < flat.length; k++) {
            assertThat((double) flat[k]).as("%s: coordinate %d", name, k).isCloseTo(reference[k], within(1e-4));
        }
    }
}
