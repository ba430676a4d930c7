package org.mlgate.train.dpsgd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.mlgate.core.UsageException;
import org.mlgate.train.model.GradientSum;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;
import org.mlgate.train.optim.Optimizer;
import org.mlgate.train.privacy.Accountant;
import org.mlgate.train.privacy.BudgetSpender;
import org.mlgate.train.privacy.PrivacyBudget;
import org.mlgate.train.privacy.RdpAccountant;
import org.mlgate.train.privacy.RdpConfig;
import org.mlgate.train.privacy.SecureGaussian;
import org.mlgate.train.robust.AdversarialTraining;

/**
 * DP-SGD (Abadi et al. 2016) as the accountants assume it, for a fixed number of steps from the {@link DpSgdPlan}
 * (no early stopping, no validation on private data). Each step:
 * <ol>
 *   <li>asks the {@link BudgetSpender} (which refuses a step past the target ε);</li>
 *   <li>Poisson-samples units with rate q from the run's {@link TrainingRandomness} (SecureRandom by default);</li>
 *   <li>computes each unit's gradient — one row's, or under user-level DP the sum over the user's rows — and
 *       clips it to L2 norm C (flat over all parameters);</li>
 *   <li>adds Gaussian noise N(0, σ²C²) per coordinate to the clipped sum ({@link SecureGaussian}, Opacus-style
 *       secure sampling), then divides by the expected batch q·n (not the realised one, which is private);</li>
 *   <li>takes an optimiser step.</li>
 * </ol>
 * An empty batch still gets noise and a step, as the analysis assumes. Not thread-safe; one run at a time.
 *
 * <p>With {@link #adversarial}, each sampled row is replaced, with probability ratio (an independent coin from the
 * run's sampling generator), by its adversarial version against the current model (a PGD random start also drawn
 * from that generator) before its gradient is taken and clipped. This is a per-example transformation, so the clipped sum still changes by at most C when one unit
 * is added or removed and the accounting is unchanged (see {@link AdversarialTraining}).
 */
public final class DpSgdTrainer {
    private final TrainingConfig config;
    private final TrainingRandomness randomness;
    private final Tampering tampering;
    private MechanismObserver observer = MechanismObserver.NONE;
    private AdversarialTraining adversarial;

    public DpSgdTrainer(TrainingConfig config, TrainingRandomness randomness) {
        this(config, randomness, Tampering.NONE);
    }

    DpSgdTrainer(TrainingConfig config, TrainingRandomness randomness, Tampering tampering) {
        this.config = Objects.requireNonNull(config, "config");
        this.randomness = Objects.requireNonNull(randomness, "randomness");
        this.tampering = tampering;
        if (!config.isPrivate()) {
            throw new UsageException("DpSgdTrainer needs a DP config; use NonPrivateTrainer for non-private training");
        }
    }

    /** Attaches an audit observer (tests and audits only: it sees private values). */
    public DpSgdTrainer observe(MechanismObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /** Trains adversarially with these settings (null: standard DP-SGD). */
    public DpSgdTrainer adversarial(AdversarialTraining adversarial) {
        this.adversarial = adversarial;
        return this;
    }

    /** Resolves the plan for this data (σ calibration included) without training. */
    public DpSgdPlan plan(TrainingData data) {
        return DpSgdPlan.of(config, unitsOf(data).count());
    }

    public TrainingResult train(Model model, TrainingData data) {
        return train(model, data, TraceSink.NONE, TrainingListener.NONE);
    }

    /**
     * Trains {@code model} in place.
     *
     * @throws org.mlgate.train.privacy.PrivacyBudgetExceededException if a step would pass the target ε (never
     *     with the plan's own step count)
     * @throws UncheckedIOException if the trace cannot be written (training stops)
     */
    public TrainingResult train(Model model, TrainingData data, TraceSink trace, TrainingListener listener) {
        return train(model, data, plan(data), trace, listener);
    }

    /**
     * Trains {@code model} in place following {@code plan}, drawn beforehand by whoever accounts for the run (the
     * trusted parent of a sandboxed worker): the plan must be for this data's units and this config's privacy unit
     * and clipping norm.
     */
    public TrainingResult train(Model model, TrainingData data, DpSgdPlan plan, TraceSink trace,
                                TrainingListener listener) {
        checkShapes(model, data);
        long t0 = System.nanoTime();
        TrainingData.Units units = unitsOf(data);
        var dpConfig = (TrainingConfig.Privacy.Dp) config.privacy();
        if (plan.units() != units.count() || plan.unit() != dpConfig.unit() || plan.clipNorm() != config.clipNorm()) {
            throw new UsageException("the DP-SGD plan (" + plan.units() + " " + plan.unit() + " units, clip "
                    + plan.clipNorm() + ") does not match the data (" + units.count() + " units) or the config");
        }
        BudgetSpender spender = new PrivacyBudget(plan.targetEpsilon(), plan.delta(), plan.accountant())
                .spender(plan.samplingRate(), plan.noiseMultiplier());
        RdpAccountant rdp = new RdpAccountant(RdpConfig.DP_ACCOUNTING);
        double[] rdpPerStep = rdp.rdpPerStep(plan.samplingRate(), plan.noiseMultiplier());

        int p = model.parameterCount();
        GradientSum sum = model.newGradientSum();
        GradientSum userGradient = plan.unit() == PrivacyUnit.USER ? model.newGradientSum() : null;
        float[] gradient = new float[p];
        float[] noise = new float[p];
        int[] batch = new int[units.count()];
        Model.Workspace ws = model.newWorkspace();
        Optimizer optimizer = config.optimizer().create(p);
        PoissonSampler sampler = new PoissonSampler(randomness.sampling());
        // Random starts draw a double per column: buffered, as a DRBG call per draw is slow.
        Adversary adversary = adversarial == null ? null
                : new Adversary(adversarial, adversarial.augmenter(model, new BufferedRandom(randomness.sampling())),
                        randomness.sampling());
        SecureGaussian gaussian = randomness.noise();
        double clip = tampering.skipClipping() ? Double.POSITIVE_INFINITY : plan.clipNorm();
        double noiseStd = plan.noiseStd() * tampering.noiseFactor();
        float invExpected = (float) (1.0 / (plan.samplingRate() * units.count()));
        long steps = plan.steps() + tampering.extraSteps();
        long stepsPerEpoch = Math.max(1, Math.round(1.0 / plan.samplingRate()));
        int epochs = (int) Math.ceil((double) steps / stepsPerEpoch);
        boolean observing = observer != MechanismObserver.NONE;
        boolean tracing = trace.enabled();
        float[] x = data.x();
        int[] y = data.y();
        double epochLoss = 0;
        long epochSteps = 0;
        long rowsProcessed = 0;

        model.parametersChanged();
        for (long step = 1; step <= steps; step++) {
            spender.spend();
            int count = sampler.sample(units.count(), plan.samplingRate(), batch);
            sum.clear();
            double loss = 0;
            int rows = 0;
            if (userGradient == null) {
                for (int b = 0; b < count; b++) {
                    int r = batch[b];
                    float[] adv = adversary == null ? null : adversary.maybeAttack(x, r, y[r]);
                    loss += adv == null ? model.accumulate(x, r, y[r], clip, sum, ws)
                            : model.accumulate(adv, 0, y[r], clip, sum, ws);
                    if (observing) {
                        double n = ws.lastNorm();
                        observer.unit(n, Model.clipFactor(n, clip));
                    }
                }
                rows = count;
            } else {
                for (int b = 0; b < count; b++) {
                    int u = batch[b];
                    userGradient.clear();
                    for (int k = units.start()[u]; k < units.start()[u + 1]; k++) {
                        int r = units.rows()[k];
                        float[] adv = adversary == null ? null : adversary.maybeAttack(x, r, y[r]);
                        loss += adv == null ? model.addExampleGradient(x, r, y[r], userGradient, ws)
                                : model.addExampleGradient(adv, 0, y[r], userGradient, ws);
                        rows++;
                    }
                    double n = userGradient.norm();
                    double factor = Model.clipFactor(n, clip);
                    sum.addScaled(userGradient, (float) factor);
                    if (observing) {
                        observer.unit(n, factor);
                    }
                }
            }
            gaussian.fill(noise, noiseStd);
            if (observing) {
                observer.noise(noise);
            }
            sum.copyTo(gradient);
            for (int i = 0; i < p; i++) {
                gradient[i] = (gradient[i] + noise[i]) * invExpected;
            }
            optimizer.step(model.parameters(), gradient);
            model.parametersChanged();
            rowsProcessed += rows;
            double meanLoss = rows == 0 ? 0 : loss / rows;
            epochLoss += meanLoss;
            epochSteps++;
            if (tracing) {
                write(trace, new TraceRecord(step, count, rows, std(noise), plan.noiseStd(),
                        rdp.epsilon(rdpPerStep, step, plan.delta()).value(), meanLoss));
            }
            if (listener != TrainingListener.NONE && (step % stepsPerEpoch == 0 || step == steps)) {
                listener.epochDone((int) Math.ceil((double) step / stepsPerEpoch), epochs, step, steps,
                        epochLoss / epochSteps, rdp.epsilon(rdpPerStep, step, plan.delta()).value());
                epochLoss = 0;
                epochSteps = 0;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new TrainingResult(model, spender.stepsTaken(), rowsProcessed, plan, finalEpsilon(spender, plan),
                randomness.description(), seconds);
    }

    /** Per-example adversarial replacement: an independent coin per row, then the attack. */
    private record Adversary(AdversarialTraining config, AdversarialTraining.Augmenter augmenter,
                             java.util.random.RandomGenerator coins) {
        /** The adversarial row (row 0 of a reused buffer), or null to keep the clean row. */
        float[] maybeAttack(float[] x, int row, int label) {
            if (config.ratio() < 1 && coins.nextDouble() >= config.ratio()) {
                return null;
            }
            return augmenter.attack(x, row, label);
        }
    }

    private static org.mlgate.train.privacy.Epsilon finalEpsilon(BudgetSpender spender, DpSgdPlan plan) {
        Accountant a = Accountant.of(plan.accountant());
        var q = org.mlgate.train.privacy.AccountingQuery.builder().samplingRate(plan.samplingRate())
                .noiseMultiplier(plan.noiseMultiplier()).steps(spender.stepsTaken()).delta(plan.delta()).build();
        return a.epsilon(q);
    }

    private TrainingData.Units unitsOf(TrainingData data) {
        var dp = (TrainingConfig.Privacy.Dp) config.privacy();
        if (dp.unit() == PrivacyUnit.USER) {
            if (data.units() == null) {
                throw new UsageException("user-level DP needs a privacy-unit id for every row");
            }
            return data.groupUnits();
        }
        return new TrainingData.Units(data.rows(), null, null);
    }

    static void checkShapes(Model model, TrainingData data) {
        if (model.features() != data.features() || model.classes() != data.classes()) {
            throw new UsageException("model expects " + model.features() + " features and " + model.classes()
                    + " classes, the data has " + data.features() + " and " + data.classes());
        }
    }

    /** Sample standard deviation (n − 1 denominator). */
    static double std(float[] v) {
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double ss = 0;
        for (float f : v) {
            ss += (f - mean) * (f - mean);
        }
        return v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
    }

    static void write(TraceSink trace, TraceRecord r) {
        try {
            trace.write(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training trace: " + e.getMessage(), e);
        }
    }
}
