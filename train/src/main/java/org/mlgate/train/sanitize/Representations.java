package org.mlgate.train.sanitize;

import java.util.List;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.dpsgd.NonPrivateTrainer;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;

/** Builds the vectors the spectral and clustering detectors analyse (see {@link Representation}). */
final class Representations {
    /** The reference MLP: one hidden layer, enough to represent a trigger, quick to train. */
    static final List<Integer> REFERENCE_HIDDEN = List.of(32);
    static final int REFERENCE_EPOCHS = 10;

    private Representations() {
    }

    static double[][] build(Dataset d, TrainingData flat, Representation r, SanitizeRandomness randomness) {
        return switch (r) {
            case FEATURES -> standardised(d.x());
            case ACTIVATIONS -> activations(d, flat, randomness);
        };
    }

    /** Each column shifted to mean 0 and scaled to standard deviation 1 (a constant column becomes 0). */
    static double[][] standardised(double[][] x) {
        int n = x.length;
        int w = n == 0 ? 0 : x[0].length;
        double[] mean = new double[w];
        double[] sd = new double[w];
        for (double[] row : x) {
            for (int j = 0; j < w; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < w; j++) {
                double t = row[j] - mean[j];
                sd[j] += t * t / n;
            }
        }
        double[][] out = new double[n][w];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < w; j++) {
                out[i][j] = sd[j] > 1e-24 ? (x[i][j] - mean[j]) / Math.sqrt(sd[j]) : 0;
            }
        }
        return out;
    }

    /** Hidden activations of a reference MLP trained (without privacy) on all rows, labels as given. */
    static double[][] activations(Dataset d, TrainingData t, SanitizeRandomness randomness) {
        Mlp mlp = randomness.referenceModel(d.features(), REFERENCE_HIDDEN, d.classes().size());
        Model trained = new NonPrivateTrainer(TrainingConfig.builder().epochs(REFERENCE_EPOCHS).build(),
                randomness.training()).train(mlp, t).model();
        trained.parametersChanged();
        Model.Workspace ws = trained.newWorkspace();
        float[] h = new float[trained.representationWidth()];
        double[][] out = new double[d.rows()][h.length];
        for (int i = 0; i < d.rows(); i++) {
            trained.representation(t.x(), i, h, ws);
            for (int j = 0; j < h.length; j++) {
                out[i][j] = h[j];
            }
        }
        return out;
    }
}
