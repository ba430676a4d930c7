package org.mlgate.train.privacy;

import java.util.Objects;

/**
 * Counts the steps of one DP-SGD run against a {@link PrivacyBudget} and refuses (throws
 * {@link PrivacyBudgetExceededException}) the first step that would take ε past the target. The largest
 * allowed step count is found once, at construction, by searching the accountant (ε grows with the steps):
 * RDP evaluates in microseconds once per-step RDP is known; PLD costs up to seconds per evaluation, so the
 * search starts from the RDP answer (PLD is tighter, so it allows at least as many steps in practice).
 * Not thread-safe: one spender per run.
 */
public final class BudgetSpender {
    /** Step counts beyond this are not searched: a budget that allows them is reported as allowing this many. */
    public static final long MAX_SEARCHED_STEPS = 100_000_000L;

    private final PrivacyBudget budget;
    private final Accountant accountant;
    private final AccountingQuery base;
    private final long maxSteps;
    private long taken;

    BudgetSpender(PrivacyBudget budget, Accountant accountant, double samplingRate, double noiseMultiplier) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.accountant = Objects.requireNonNull(accountant, "accountant");
        this.base = new AccountingQuery(samplingRate, noiseMultiplier, 1, budget.delta());
        this.maxSteps = searchMaxSteps();
    }

    /** Records one step, or throws (recording nothing) if it would exceed the budget. */
    public void spend() {
        if (taken >= maxSteps) {
            throw new PrivacyBudgetExceededException("privacy budget exhausted: step " + (taken + 1) + " would take "
                    + accountant.kind().id() + " epsilon past the target " + budget.targetEpsilon() + " at delta "
                    + budget.delta() + " (q=" + base.samplingRate() + ", sigma=" + base.noiseMultiplier()
                    + "; at most " + maxSteps + " steps fit)", taken, maxSteps);
        }
        taken++;
    }

    public long stepsTaken() {
        return taken;
    }

    /** The number of steps the budget allows in total (0: not even one). */
    public long maxSteps() {
        return maxSteps;
    }

    /** ε spent so far (0 before the first step). */
    public double epsilonSpent() {
        return taken == 0 ? 0.0 : accountant.epsilon(base.withSteps(taken)).value();
    }

    private long searchMaxSteps() {
        StepTest fits;
        long start = 1;
        if (accountant instanceof RdpAccountant rdp) {
            double[] perStep = rdp.rdpPerStep(base.samplingRate(), base.noiseMultiplier());
            fits = n -> rdp.epsilon(perStep, n, base.delta()).value() <= budget.targetEpsilon();
        } else {
            fits = n -> accountant.epsilon(base.withSteps(n)).value() <= budget.targetEpsilon();
            long rdpSteps = new BudgetSpender(new PrivacyBudget(budget.targetEpsilon(), budget.delta(),
                    AccountantKind.RDP), Accountant.of(AccountantKind.RDP), base.samplingRate(),
                    base.noiseMultiplier()).maxSteps();
            start = Math.max(1, rdpSteps);
        }
        if (!fits.test(start)) {
            // Below the start: bisect in [0, start).
            return bisect(fits, 0, start);
        }
        long lo = start;
        long hi = start;
        while (fits.test(hi)) {
            lo = hi;
            if (hi >= MAX_SEARCHED_STEPS) {
                return MAX_SEARCHED_STEPS;
            }
            hi = Math.min(MAX_SEARCHED_STEPS, hi * 2);
        }
        return bisect(fits, lo, hi);
    }

    /** The largest n in [lo, hi) that fits, given lo fits (or is 0) and hi does not. */
    private static long bisect(StepTest fits, long lo, long hi) {
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (fits.test(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @FunctionalInterface
    private interface StepTest {
        boolean test(long steps);
    }
}
