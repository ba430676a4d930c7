package org.mlgate.train.dpsgd;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mlgate.core.UsageException;
import org.mlgate.train.model.GradientSum;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;
import org.mlgate.train.optim.Optimizer;
import org.mlgate.train.robust.AdversarialTraining;

/**
 * Ordinary minibatch training for comparison: each epoch shuffles the rows (Fisher–Yates with the run's sampling
 * generator) and steps on consecutive batches of the configured size (the last may be smaller), averaging
 * unclipped gradients. No privacy whatsoever.
 *
 * <p>With {@link #adversarial}, the first ⌊ratio · size⌉ rows of each (shuffled) batch are replaced by their
 * adversarial versions against the current model before their gradients are taken.
 */
public final class NonPrivateTrainer {
    private final TrainingConfig config;
    private final TrainingRandomness randomness;
    private AdversarialTraining adversarial;

    public NonPrivateTrainer(TrainingConfig config, TrainingRandomness randomness) {
        this.config = Objects.requireNonNull(config, "config");
        this.randomness = Objects.requireNonNull(randomness, "randomness");
        if (config.isPrivate()) {
            throw new UsageException("NonPrivateTrainer ignores privacy; use DpSgdTrainer for a DP config");
        }
    }

    /** Trains adversarially with these settings (null: standard training). */
    public NonPrivateTrainer adversarial(AdversarialTraining adversarial) {
        this.adversarial = adversarial;
        return this;
    }

    /** The steps a run of {@code config} over {@code rows} rows takes: every epoch, every batch. */
    public static long plannedSteps(TrainingConfig config, int rows) {
        int batchSize = Math.min(rows, config.expectedBatchSize().orElse(DpSgdPlan.defaultBatch(rows)));
        return (rows + batchSize - 1L) / batchSize * config.epochs();
    }

    public TrainingResult train(Model model, TrainingData data) {
        return train(model, data, TraceSink.NONE, TrainingListener.NONE);
    }

    public TrainingResult train(Model model, TrainingData data, TraceSink trace, TrainingListener listener) {
        DpSgdTrainer.checkShapes(model, data);
        long t0 = System.nanoTime();
        int n = data.rows();
        int batchSize = Math.min(n, config.expectedBatchSize().orElse(DpSgdPlan.defaultBatch(n)));
        int p = model.parameterCount();
        GradientSum sum = model.newGradientSum();
        float[] gradient = new float[p];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Model.Workspace ws = model.newWorkspace();
        Optimizer optimizer = config.optimizer().create(p);
        RandomGenerator random = new BufferedRandom(randomness.sampling());
        float[] x = data.x();
        int[] y = data.y();
        long stepsPerEpoch = (n + batchSize - 1) / batchSize;
        long steps = stepsPerEpoch * config.epochs();
        long step = 0;
        AdversarialTraining.Augmenter augmenter = adversarial == null ? null
                : adversarial.augmenter(model, random);
        model.parametersChanged();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double epochLoss = 0;
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                sum.clear();
                double loss = 0;
                int attacked = augmenter == null ? 0 : (int) Math.round(adversarial.ratio() * (end - start));
                for (int b = start; b < end; b++) {
                    int r = order[b];
                    if (b - start < attacked) {
                        float[] adv = augmenter.attack(x, r, y[r]);
                        loss += model.accumulate(adv, 0, y[r], Double.POSITIVE_INFINITY, sum, ws);
                    } else {
                        loss += model.accumulate(x, r, y[r], Double.POSITIVE_INFINITY, sum, ws);
                    }
                }
                sum.copyTo(gradient);
                float inv = 1f / (end - start);
                for (int i = 0; i < p; i++) {
                    gradient[i] *= inv;
                }
                optimizer.step(model.parameters(), gradient);
                model.parametersChanged();
                step++;
                epochLoss += loss / (end - start);
                if (trace.enabled()) {
                    DpSgdTrainer.write(trace, new TraceRecord(step, end - start, end - start, 0, 0, null,
                            loss / (end - start)));
                }
            }
            listener.epochDone(epoch, config.epochs(), step, steps, epochLoss / stepsPerEpoch, Double.NaN);
        }
        return new TrainingResult(model, step, (long) n * config.epochs(), null, null, randomness.description(), (System.nanoTime() - t0) / 1e9);
    }
}
