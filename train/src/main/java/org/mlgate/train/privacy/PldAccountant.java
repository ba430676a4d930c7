package org.mlgate.train.privacy;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.mlgate.core.IncompleteException;

/**
 * Privacy-loss-distribution accountant for DP-SGD, following Google dp_accounting's {@code PLDAccountant} for
 * {@code SelfComposedDpEvent(PoissonSampledDpEvent(q, GaussianDpEvent(σ)), steps)}: for each direction of the
 * add/remove relation, the one-step loss distribution is discretised pessimistically by
 * {@link ConnectTheDots} on a grid of step {@link PldConfig#valueDiscretizationInterval()} spanning the losses
 * of all but e^{logMassTruncationBound} of the noise, composed {@code steps} times by FFT
 * ({@link DiscretePld#selfCompose}), and read at δ; ε is the larger of the two directions.
 */
public final class PldAccountant implements Accountant {
    /** Most grid points one step's distribution may have. */
    static final long MAX_GRID_POINTS = 1L << 24;

    private final PldConfig config;

    public PldAccountant(PldConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public PldConfig config() {
        return config;
    }

    @Override
    public AccountantKind kind() {
        return AccountantKind.PLD;
    }

    @Override
    public Epsilon.Pld epsilon(AccountingQuery query) {
        // The two directions are independent FFT compositions: computed on two threads, which halves the wall
        // time of the heaviest queries on a multi-core machine. A failure in either is rethrown as it was.
        List<SubsampledGaussianLoss.Adjacency> directions = query.samplingRate() == 1.0
                ? List.of(SubsampledGaussianLoss.Adjacency.REMOVE) // without sampling both directions are the same
                : List.of(SubsampledGaussianLoss.Adjacency.values());
        List<CompletableFuture<Double>> parts = directions.stream().map(adjacency -> CompletableFuture.supplyAsync(
                () -> composed(new SubsampledGaussianLoss(query.noiseMultiplier(), query.samplingRate(), adjacency),
                        query.steps()).epsilonForDelta(query.delta()), DIRECTIONS)).toList();
        double eps = 0;
        for (CompletableFuture<Double> part : parts) {
            try {
                eps = Math.max(eps, part.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
        return new Epsilon.Pld(eps);
    }

    /** One platform thread per direction, started on demand (daemon: never keeps the JVM alive). */
    private static final Executor DIRECTIONS = task -> Thread.ofPlatform().daemon().name("pld-direction").start(task);

    /** One direction's distribution after {@code steps} compositions. */
    DiscretePld composed(SubsampledGaussianLoss loss, long steps) {
        DiscretePld one = oneStep(loss);
        DiscretePld all = steps == 1 ? one : one.selfCompose(steps, config.tailMassTruncation());
        // dp_accounting composes the result into its initial identity distribution, truncating tails once more.
        return all.truncateTails(config.tailMassTruncation());
    }

    DiscretePld oneStep(SubsampledGaussianLoss loss) {
        double d = config.valueDiscretizationInterval();
        double[] x = loss.truncation(config.logMassTruncationBound());
        long upper = (long) Math.ceil(loss.loss(x[0]) / d);
        long lower = (long) Math.floor(loss.loss(x[1]) / d);
        long n = upper - lower + 1;
        if (n > MAX_GRID_POINTS) {
            throw new IncompleteException("one step's privacy-loss distribution needs " + n + " grid points (more than "
                    + MAX_GRID_POINTS + "); the noise multiplier " + loss.sigma() + " is too small for interval " + d);
        }
        double[] deltas = new double[(int) n];
        for (int i = 0; i < n; i++) {
            deltas[i] = loss.deltaForEpsilon((lower + i) * d);
        }
        return ConnectTheDots.fixedGap(d, lower, deltas);
    }
}
