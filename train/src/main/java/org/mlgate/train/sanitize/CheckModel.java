package org.mlgate.train.sanitize;

import java.util.stream.IntStream;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.dpsgd.NonPrivateTrainer;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Model;

/**
 * The logistic regression the detectors use to judge rows it did not see: trained without privacy for
 * {@link #EPOCHS} epochs on the rows given, then asked about others through the dataset's rows as one row-major
 * float array (built once per sanitising run).
 */
final class CheckModel {
    static final int EPOCHS = 10;

    private final Model model;
    private final Model.Workspace ws;
    private final float[] flat;

    private CheckModel(Model model, float[] flat) {
        this.model = model;
        this.flat = flat;
        model.parametersChanged();
        this.ws = model.newWorkspace();
    }

    /** Trains on {@code rows} of {@code d}. */
    static CheckModel fit(Dataset d, float[] flat, int[] rows, SanitizeRandomness randomness) {
        Model lr = new NonPrivateTrainer(TrainingConfig.builder().epochs(EPOCHS).build(), randomness.training())
                .train(LogisticRegression.create(d.features(), d.classes().size()),
                        d.subset(rows).matrix()).model();
        return new CheckModel(lr, flat);
    }

    /** Trains on every row of {@code d} but those in {@code excluded}. */
    static CheckModel fitWithout(Dataset d, float[] flat, int[] excluded, SanitizeRandomness randomness) {
        boolean[] out = new boolean[d.rows()];
        for (int i : excluded) {
            out[i] = true;
        }
        return fit(d, flat, IntStream.range(0, d.rows()).filter(i -> !out[i]).toArray(), randomness);
    }

    /** Class probabilities of row {@code row} of the dataset into {@code out} (length ≥ max(2, classes)). */
    void probabilities(int row, float[] out) {
        model.probabilities(flat, row, out, ws);
    }
}
