package org.mlgate.train.privacy;

import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;

/**
 * The noise multiplier σ for a target ε, by search (ε falls as σ grows): find a bracket [lo, hi] with
 * ε(hi) ≤ target < ε(lo), then bisect until hi − lo ≤ tolerance and return hi, so the answer always meets the
 * target. The default tolerances are dp_accounting's ({@code calibrate_dp_mechanism} as used to compute the
 * reference vectors): 1e-4 for RDP, 1e-3 for PLD. A PLD search starts from the RDP answer, which is an upper
 * bound on it in practice (RDP is looser), so it needs few of the expensive PLD evaluations.
 */
public final class NoiseCalibration {
    /** Largest σ searched; a target that needs more is reported as unreachable. */
    public static final double MAX_NOISE_MULTIPLIER = 1e4;
    /** Smallest σ searched. */
    public static final double MIN_NOISE_MULTIPLIER = 1e-3;

    /** The calibrated σ and the ε it gives. */
    public record Result(double noiseMultiplier, Epsilon epsilon, int evaluations) { }

    private NoiseCalibration() {
    }

    public static double defaultTolerance(AccountantKind kind) {
        return kind == AccountantKind.RDP ? 1e-4 : 1e-3;
    }

    public static Result noiseMultiplier(Accountant accountant, CalibrationTarget target) {
        return noiseMultiplier(accountant, target, defaultTolerance(accountant.kind()));
    }

    public static Result noiseMultiplier(Accountant accountant, CalibrationTarget target, double tolerance) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new UsageException("tolerance must be in (0, 1), got " + tolerance);
        }
        double guess = 1.0;
        if (accountant.kind() == AccountantKind.PLD) {
            guess = noiseMultiplier(Accountant.of(AccountantKind.RDP), target, 1e-4).noiseMultiplier();
        }
        Search s = new Search(accountant, target);
        // Bracket: grow hi until it meets the target, shrink lo until it misses it.
        double hi = guess;
        Epsilon hiEps = s.eval(hi);
        while (hiEps.value() > target.targetEpsilon()) {
            if (hi >= MAX_NOISE_MULTIPLIER) {
                throw new IncompleteException("no noise multiplier up to " + MAX_NOISE_MULTIPLIER + " reaches epsilon "
                        + target.targetEpsilon() + " (" + accountant.kind().id() + " gives " + hiEps.value() + ")");
            }
            hi = Math.min(MAX_NOISE_MULTIPLIER, hi * 2);
            hiEps = s.eval(hi);
        }
        double lo = accountant.kind() == AccountantKind.PLD ? hi * 0.85 : hi / 2;
        while (s.eval(lo).value() <= target.targetEpsilon()) {
            hi = lo;
            hiEps = s.last;
            if (lo <= MIN_NOISE_MULTIPLIER) {
                return new Result(hi, hiEps, s.evaluations);
            }
            lo = Math.max(MIN_NOISE_MULTIPLIER, lo / 2);
        }
        while (hi - lo > tolerance) {
            double mid = 0.5 * (lo + hi);
            Epsilon e = s.eval(mid);
            if (e.value() <= target.targetEpsilon()) {
                hi = mid;
                hiEps = e;
            } else {
                lo = mid;
            }
        }
        return new Result(hi, hiEps, s.evaluations);
    }

    private static final class Search {
        private final Accountant accountant;
        private final CalibrationTarget target;
        private int evaluations;
        private Epsilon last;

        Search(Accountant accountant, CalibrationTarget target) {
            this.accountant = accountant;
            this.target = target;
        }

        Epsilon eval(double sigma) {
            evaluations++;
            last = accountant.epsilon(target.query(sigma));
            return last;
        }
    }
}
