package org.mlgate.serve.keys;

import java.time.Duration;
import java.util.Locale;
import org.mlgate.core.UsageException;

/**
 * The server's default limits per key: a request rate and lifetime and daily budgets counted in predictions (a
 * batch of 100 costs 100). Null means none.
 */
public record Limits(Rate rate, Long budget, Long dailyBudget) {
    public static final Limits NONE = new Limits(null, null, null);

    public Limits {
        if (budget != null && budget < 1 || dailyBudget != null && dailyBudget < 1) {
            throw new UsageException("budgets must be positive");
        }
    }

    public boolean none() {
        return rate == null && budget == null && dailyBudget == null;
    }

    /** {@code requests} per {@code period}. */
    public record Rate(long requests, Duration period) {
        public Rate {
            if (requests < 1 || requests > 1_000_000_000L) {
                throw new UsageException("a rate needs 1 to 1e9 requests per period");
            }
        }

        /** {@code 10/s}, {@code 600/min}, {@code 5000/h}. */
        public static Rate parse(String s) {
            String[] parts = s.strip().toLowerCase(Locale.ROOT).split("/", -1);
            if (parts.length != 2) {
                throw new UsageException("--rate needs N/s, N/min or N/h, got '" + s + "'");
            }
            Duration period = switch (parts[1]) {
                case "s", "sec", "second" -> Duration.ofSeconds(1);
                case "m", "min", "minute" -> Duration.ofMinutes(1);
                case "h", "hour" -> Duration.ofHours(1);
                default -> throw new UsageException("--rate period must be s, min or h, got '" + parts[1] + "'");
            };
            try {
                return new Rate(Long.parseLong(parts[0]), period);
            } catch (NumberFormatException e) {
                throw new UsageException("--rate needs a whole number of requests, got '" + parts[0] + "'");
            }
        }

        @Override
        public String toString() {
            return requests + "/" + (period.equals(Duration.ofSeconds(1)) ? "s" : period.equals(Duration.ofMinutes(1))
                    ? "min" : "h");
        }
    }
}
