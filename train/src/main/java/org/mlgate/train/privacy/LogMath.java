package org.mlgate.train.privacy;

/** Arithmetic on numbers held as their natural logarithms. */
final class LogMath {
    private LogMath() {
    }

    /** log(e^a + e^b). */
    static double add(double a, double b) {
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        if (lo == Double.NEGATIVE_INFINITY) {
            return hi;
        }
        return Math.log1p(Math.exp(lo - hi)) + hi;
    }

    /** log(e^a − e^b) for a > b. */
    static double sub(double a, double b) {
        if (!(a > b)) {
            throw new IllegalArgumentException("log-space subtraction needs a > b, got a=" + a + ", b=" + b);
        }
        return a + Math.log1p(-Math.exp(b - a));
    }

    /** log(a·e^b + c), for arguments where the result is defined (a·e^b + c > 0). */
    static double aTimesExpBPlusC(double a, double b, double c) {
        if (a == 0) {
            return Math.log(c);
        }
        if (a < 0) {
            if (c <= 0) {
                throw new IllegalArgumentException("a·exp(b) + c must be positive: " + a + ", " + b + ", " + c);
            }
            return sub(Math.log(c), Math.log(-a) + b);
        }
        if (b == 0) {
            return Math.log(a + c);
        }
        double d = b + Math.log(a);
        if (c == 0) {
            return d;
        }
        return c < 0 ? sub(d, Math.log(-c)) : add(d, Math.log(c));
    }
}
