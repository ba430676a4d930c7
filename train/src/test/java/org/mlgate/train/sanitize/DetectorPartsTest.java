package org.mlgate.train.sanitize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.mlgate.core.UsageException;

/** The building blocks of the detectors, on hand-made inputs. */
class DetectorPartsTest {
    private static RandomGenerator random(long seed) {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    @Test
    void twoMeansSeparatesTwoBlobs() {
        RandomGenerator r = random(1);
        double[][] p = new double[200][2];
        for (int i = 0; i < 200; i++) {
            double c = i < 180 ? 0 : 10;
            p[i] = new double[] {c + r.nextGaussian(), c + r.nextGaussian()};
        }
        int[] a = TwoMeans.cluster(p, random(2));
        for (int i = 1; i < 180; i++) {
            assertThat(a[i]).isEqualTo(a[0]);
        }
        for (int i = 180; i < 200; i++) {
            assertThat(a[i]).isNotEqualTo(a[0]);
        }
        assertThat(TwoMeans.cluster(new double[][] {{1, 1}, {1, 1}}, random(3))).containsExactly(0, 0);
    }

    @Test
    void classGeometryFindsTheDirectionOfLargestVarianceAfterCentring() {
        RandomGenerator r = random(4);
        double[][] rep = new double[500][3];
        int[] y = new int[500];
        for (int i = 0; i < 500; i++) {
            // mean far from the origin along x; the spread is along y: an uncentred analysis would pick x
            rep[i] = new double[] {100 + 0.1 * r.nextGaussian(), 5 * r.nextGaussian(), r.nextGaussian()};
        }
        ClassGeometry g = ClassGeometry.of(rep, y, 0, 2);
        assertThat(Math.abs(g.components()[0][1])).isGreaterThan(0.99);
        assertThat(g.variances()[0]).isBetween(20.0, 30.0);
        assertThat(g.variances()[0]).isGreaterThan(g.variances()[1]);
    }

    @Test
    void powerIterationFallbackFindsTheSameTopDirections() {
        RandomGenerator r = random(7);
        int w = 6;
        double[][] cov = new double[w][w];
        double[] scale = {9, 4, 2, 1, 0.5, 0.1};
        for (int n = 0; n < 2000; n++) { // a covariance with well-separated eigenvalues
            double[] x = new double[w];
            for (int j = 0; j < w; j++) {
                x[j] = Math.sqrt(scale[j]) * r.nextGaussian();
            }
            double mix = x[0] + x[1]; // rotate the first two axes
            x[1] = x[0] - x[1];
            x[0] = mix;
            for (int a = 0; a < w; a++) {
                for (int b = 0; b < w; b++) {
                    cov[a][b] += x[a] * x[b] / 2000;
                }
            }
        }
        double[][] comps = new double[2][];
        double[] vars = new double[2];
        ClassGeometry.powerIteration(cov, comps, vars);
        org.apache.commons.math3.linear.EigenDecomposition e = new org.apache.commons.math3.linear.EigenDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(cov));
        for (int k = 0; k < 2; k++) {
            double[] ref = e.getEigenvector(k).toArray();
            double cos = 0;
            for (int j = 0; j < w; j++) {
                cos += ref[j] * comps[k][j];
            }
            assertThat(Math.abs(cos)).as("component %d", k).isGreaterThan(0.999);
            assertThat(vars[k]).isCloseTo(e.getRealEigenvalue(k), org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    @Test
    void spectralSignatureFlagsAnOutlyingGroupAndNothingInACleanClass() {
        RandomGenerator r = random(5);
        int n = 1000;
        double[][] rep = new double[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            rep[i] = new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            if (i >= 970) {
                rep[i][2] += 12; // 3 % share one shift
            }
        }
        List<Flag> flags = SpectralSignature.detect(rep, y, List.of("a"), SanitizeConfig.of(0.05));
        assertThat(flags).isNotEmpty().allSatisfy(f -> assertThat(f.row()).isGreaterThanOrEqualTo(970));
        assertThat(flags).hasSizeGreaterThanOrEqualTo(27);
        double[][] plain = new double[n][];
        for (int i = 0; i < n; i++) {
            plain[i] = new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        }
        // Gaussian tails pass 25× the median (χ²₁ > 11.4) with probability 7e-4: a handful of 1,000 at most
        assertThat(SpectralSignature.detect(plain, y, List.of("a"), SanitizeConfig.of(0.05))).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void spectralSignatureLeavesANaturalSubPopulationAlone() {
        // 12 % of the class spread continuously far out on one direction: above 25× the median, but no gap within
        // the 1.5 × 5 % the detector may flag, so it is the class's own structure
        RandomGenerator r = random(6);
        int n = 1000;
        double[][] rep = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double far = i < 120 ? 1 + 2.0 * i / 120 : 0.1 * r.nextGaussian();
            rep[i] = new double[] {far, 0.1 * r.nextGaussian(), 0.1 * r.nextGaussian()};
        }
        assertThat(SpectralSignature.detect(rep, y, List.of("a"), SanitizeConfig.of(0.05))).isEmpty();
    }

    @Test
    void confidentLearningHoldsEachClassToItsOwnTypicalConfidence() {
        // class 1 is rare and its rows are only moderately confident (0.3); rows 0..9 are class-0 rows labelled 1
        int n = 1000;
        double[][] post = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            if (i < 10) {
                y[i] = 1;
                post[i] = new double[] {0.99, 0.01};
            } else if (i < 40) {
                y[i] = 1;
                post[i] = new double[] {0.7, 0.3};
            } else {
                y[i] = 0;
                post[i] = new double[] {0.98, 0.02};
            }
        }
        List<Flag> flags = ConfidentLearning.flags(post, y, 2, Detector.MODEL_LABEL, (row, l, o, p, t) -> "x");
        assertThat(flags).extracting(Flag::row).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void aClassOfAHandfulOfRowsIsNeverJudged() {
        // two rows of class 1 that the model cannot learn: both look like class 0, yet removing them would erase the
        // class from the data
        int n = 300;
        double[][] post = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < 2 ? 1 : 0;
            post[i] = i < 2 ? new double[] {0.995, 0.005} : new double[] {0.99, 0.01};
        }
        assertThat(ConfidentLearning.flags(post, y, 2, Detector.MODEL_LABEL, (row, l, o, p, t) -> "x")).isEmpty();
    }

    @Test
    void knnSharesAreSmoothedSoNoLabelIsImpossible() {
        double[][] post = KnnLabelConsistency.smoothed(new double[][] {{1.0, 0.0}}, new int[] {0, 0, 0, 1}, 20, 2);
        assertThat(post[0][1]).isCloseTo(0.25 / 21, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(post[0][0] + post[0][1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void configIsValidatedOnce() {
        assertThatThrownBy(() -> SanitizeConfig.of(0.6)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--expected-poison-rate");
        assertThatThrownBy(() -> SanitizeConfig.of(0.05).withMaxRemovalRate(0.3)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--max-removal-rate");
        assertThatThrownBy(() -> SanitizeConfig.of(0.05).withDetectors(Set.of())).isInstanceOf(UsageException.class);
        assertThat(SanitizeConfig.of(0.05).budget(1000)).isEqualTo(100);
        assertThat(SanitizeConfig.of(0.15).budget(1000)).isEqualTo(200);
        assertThat(SanitizeConfig.of(0.05).detectors()).isEqualTo(EnumSet.allOf(Detector.class));
        assertThat(Detector.parse("Activation-Clustering")).isEqualTo(Detector.ACTIVATION_CLUSTERING);
        assertThatThrownBy(() -> Detector.parse("magic")).isInstanceOf(UsageException.class)
                .hasMessageContaining("knn-label");
        assertThatThrownBy(() -> Representation.parse("pixels")).isInstanceOf(UsageException.class);
    }
}
