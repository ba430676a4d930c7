package org.mlgate.attack.extraction;

import java.util.List;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.train.dpsgd.NonPrivateTrainer;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.dpsgd.TrainingRandomness;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;
import org.mlgate.train.privacy.NoiseSources;

/** Trains a surrogate on the answered pool with mlgate's own (non-private) trainer: Adam, full-data epochs. */
final class SurrogateTrainer {
    static final int EPOCHS = 200;

    private SurrogateTrainer() {
    }

    static Model train(float[] x, int[] y, int rows, int width, int classes, List<Integer> hidden, long seed) {
        Model m = hidden.isEmpty() ? LogisticRegression.create(width, classes)
                : Mlp.create(width, hidden, classes);
        // reproducible from the reported seed; no privacy is claimed for a surrogate, so no DRBG is needed
        TrainingRandomness randomness = new TrainingRandomness(NoiseSources.secure(),
                RandomGeneratorFactory.of("L64X128MixRandom").create(seed), "attack surrogate, seed " + seed, false);
        TrainingConfig config = TrainingConfig.builder().epochs(EPOCHS).expectedBatchSize(Math.min(rows, 64))
                .learningRate(0.02).clipNorm(1e6).build();
        new NonPrivateTrainer(config, randomness).train(m, TrainingData.of(x, rows, width, y, classes));
        return m;
    }
}
