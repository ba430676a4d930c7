package org.mlgate.guard.rails;

/**
 * A point in time after which a rail must stop. Regular expressions are run over {@link #guard(CharSequence)},
 * whose {@code charAt} throws {@link Expired} once the deadline has passed, so even a catastrophically
 * backtracking pattern ends (the rail then blocks).
 */
public record Deadline(long nanos) {
    /** Thrown through a rail's detector when its time is up. */
    public static final class Expired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Expired() {
            super("time budget exceeded", null, false, false);
        }
    }

    public static Deadline in(long budgetNanos) {
        return new Deadline(System.nanoTime() + budgetNanos);
    }

    public boolean passed() {
        return System.nanoTime() - nanos > 0;
    }

    public void check() {
        if (passed()) {
            throw new Expired();
        }
    }

    public CharSequence guard(CharSequence s) {
        return new Guarded(s, this);
    }

    /** Not thread-safe: one per match. */
    private static final class Guarded implements CharSequence {
        private final CharSequence s;
        private final Deadline d;
        private int reads;

        Guarded(CharSequence s, Deadline d) {
            this.s = s;
            this.d = d;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            // Reading the clock on every char would cost more than the match; every 1024th read is enough.
            if ((++reads & 1023) == 0) {
                d.check();
            }
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Guarded(s.subSequence(start, end), d);
        }

        @Override
        public String toString() {
            return s.toString();
        }
    }
}
