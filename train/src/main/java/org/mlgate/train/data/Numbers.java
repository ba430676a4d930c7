package org.mlgate.train.data;

/**
 * Strict decimal numbers: {@code [+-]digits[.digits][(e|E)[+-]digits]} (digits on at least one side of the
 * point), finite. No hex, no {@code NaN}/{@code Infinity}, no Java suffixes ({@code 1d}), no surrounding
 * spaces: what {@link Double#parseDouble} would also accept but a data file should not contain.
 */
public final class Numbers {
    private static final int MAX_CHARS = 400;

    private Numbers() {
    }

    /** The value, or null when {@code s} is not a strict finite decimal number. */
    public static Double parse(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_CHARS) {
            return null;
        }
        int i = 0;
        if (s.charAt(i) == '+' || s.charAt(i) == '-') {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return null;
            }
        }
        if (i != n) {
            return null;
        }
        double v = Double.parseDouble(s);
        return Double.isFinite(v) ? v : null;
    }

    /**
     * Whether {@code s} is meant as a number but is not one {@link #parse} accepts: {@code NaN}, {@code Infinity},
     * {@code inf} (any case, any sign), or a decimal that is too long or overflows. Such a cell in an otherwise
     * numeric column is a defect to report, not a category.
     */
    public static boolean isInvalidNumber(String s) {
        if (parse(s) != null) {
            return false;
        }
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        return lower.equals("nan") || lower.equals("inf") || lower.equals("infinity") || DECIMAL.matcher(t).matches();
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
