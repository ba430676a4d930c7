package org.mlgate.guard.rails;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mlgate.guard.Action;
import org.mlgate.guard.PiiKind;
import org.mlgate.guard.Span;
import org.mlgate.guard.text.TextView;

/**
 * Personal data with checks that keep random numbers out: card numbers of 13–19 digits that pass Luhn, IBANs of
 * 15–34 characters whose mod-97 checksum is 1, e-mail addresses, phone numbers (international {@code +} form or
 * the North American {@code (555) 123-4567} form, 7–15 digits) and US social security numbers outside the
 * never-issued ranges.
 */
public record PiiRail(String name, Action action, Set<PiiKind> kinds) implements Rail {
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b");
    private static final Pattern EMAIL = Pattern.compile(
            "\\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}\\b");
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{1,4}(?:[ .-]?\\d{2,4}){1,4}"
                    + "|\\(\\d{3}\\)\\s?\\d{3}[ .-]\\d{4}|\\b\\d{3}[.-]\\d{3}[.-]\\d{4})\\b");
    private static final Pattern SSN = Pattern.compile(
            "\\b(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}\\b");
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    public PiiRail {
        kinds = kinds.isEmpty() ? EnumSet.allOf(PiiKind.class) : EnumSet.copyOf(kinds);
    }

    @Override
    public String type() {
        return "pii";
    }

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        List<Span> spans = new ArrayList<>();
        CharSequence s = deadline.guard(text.original());
        if (kinds.contains(PiiKind.CARD)) {
            find(CARD, s, spans, m -> luhn(digits(m)));
        }
        if (kinds.contains(PiiKind.IBAN)) {
            find(IBAN, s, spans, m -> iban(m.replace(" ", "")));
        }
        if (kinds.contains(PiiKind.EMAIL)) {
            find(EMAIL, s, spans, m -> true);
        }
        if (kinds.contains(PiiKind.PHONE)) {
            find(PHONE, s, spans, m -> {
                int d = digits(m).length();
                return d >= 7 && d <= 15;
            });
        }
        if (kinds.contains(PiiKind.SSN)) {
            find(SSN, s, spans, m -> true);
        }
        return Detection.matched(Matches.merge(spans));
    }

    private static void find(Pattern p, CharSequence s, List<Span> out, java.util.function.Predicate<String> valid) {
        Matcher m = p.matcher(s);
        while (m.find()) {
            if (valid.test(m.group())) {
                out.add(new Span(m.start(), m.end()));
            }
        }
    }

    private static String digits(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    static boolean luhn(String digits) {
        if (digits.length() < 13 || digits.length() > 19 || digits.chars().distinct().count() == 1) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    static boolean iban(String iban) {
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder(rearranged.length() * 2);
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }
}
