package org.mlgate.serve.keys;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Rate limits (Bucket4j token buckets, one per key, counting requests) and budgets (counting predictions: lifetime
 * and per UTC day). Budget counters start from the audit log ({@code served}: predictions a key was served since an
 * instant, or ever), so they survive restarts; afterwards they live in memory. A reservation is taken only for a
 * request that passed every other check, and given back when the request fails later (a refused request costs
 * nothing).
 */
public final class Budgets {
    /** The answer to a request for {@code n} predictions. */
    public sealed interface Decision {
        record Allowed() implements Decision { }

        record RateLimited(long retryAfterSeconds) implements Decision { }

        /** A budget is spent: {@code lifetime} (403, for good) or daily (429 until midnight UTC). */
        record Exhausted(boolean lifetime, long retryAfterSeconds, long budget) implements Decision { }
    }

    private final Limits defaults;
    private final Clock clock;
    private final BiFunction<String, Instant, Long> served;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Usage> usage = new ConcurrentHashMap<>();

    private static final class Usage {
        long lifetime;
        long day;
        Instant dayStart;
    }

    public Budgets(Limits defaults, Clock clock, BiFunction<String, Instant, Long> served) {
        this.defaults = defaults;
        this.clock = clock;
        this.served = served;
    }

    public Decision reserve(Caller caller, int predictions) {
        if (defaults.rate() != null) {
            Bucket b = buckets.computeIfAbsent(caller.keyId(), k -> Bucket.builder().addLimit(Bandwidth.builder()
                    .capacity(defaults.rate().requests())
                    .refillGreedy(defaults.rate().requests(), defaults.rate().period()).build()).build());
            ConsumptionProbe probe = b.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                return new Decision.RateLimited(Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())));
            }
        }
        Long lifetime = caller.budget() != null ? caller.budget() : defaults.budget();
        Long daily = caller.dailyBudget() != null ? caller.dailyBudget() : defaults.dailyBudget();
        if (lifetime == null && daily == null) {
            return new Decision.Allowed();
        }
        Usage u = usage.computeIfAbsent(caller.keyId(), this::load);
        synchronized (u) {
            Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
            if (!today.equals(u.dayStart)) {
                u.dayStart = today;
                u.day = 0;
            }
            if (lifetime != null && u.lifetime + predictions > lifetime) {
                return new Decision.Exhausted(true, 0, lifetime);
            }
            if (daily != null && u.day + predictions > daily) {
                long untilMidnight = clock.instant().until(today.plus(1, ChronoUnit.DAYS), ChronoUnit.SECONDS);
                return new Decision.Exhausted(false, Math.max(1, untilMidnight), daily);
            }
            u.lifetime += predictions;
            u.day += predictions;
        }
        return new Decision.Allowed();
    }

    /** Gives back a reservation whose request failed after {@link #reserve}. */
    public void refund(Caller caller, int predictions) {
        Usage u = usage.get(caller.keyId());
        if (u != null) {
            synchronized (u) {
                u.lifetime -= predictions;
                u.day = Math.max(0, u.day - predictions);
            }
        }
    }

    /** Predictions left in the caller's lifetime and daily budgets (null where none applies). */
    public record Remaining(Long budget, Long used, Long dailyBudget, Long usedToday) { }

    public Remaining remaining(Caller caller) {
        Long lifetime = caller.budget() != null ? caller.budget() : defaults.budget();
        Long daily = caller.dailyBudget() != null ? caller.dailyBudget() : defaults.dailyBudget();
        Usage u = usage.computeIfAbsent(caller.keyId(), this::load);
        synchronized (u) {
            Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
            long usedToday = today.equals(u.dayStart) ? u.day : 0;
            return new Remaining(lifetime, u.lifetime, daily, usedToday);
        }
    }

    public Limits defaults() {
        return defaults;
    }

    private Usage load(String keyId) {
        Usage u = new Usage();
        u.dayStart = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        u.lifetime = served.apply(keyId, null);
        u.day = served.apply(keyId, u.dayStart);
        return u;
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
