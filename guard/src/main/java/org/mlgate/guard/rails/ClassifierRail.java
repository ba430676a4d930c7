package org.mlgate.guard.rails;

import org.mlgate.guard.Action;
import org.mlgate.guard.model.HashedFeatures;
import org.mlgate.guard.model.LogisticModel;
import org.mlgate.guard.text.TextView;

/**
 * The trained classifier's probability that the text is an injection or jailbreak: the highest of the whole text's
 * and of each window of about {@value #WINDOW} characters (half overlapping, cut at whitespace). An injection in a
 * long document, e-mail or review is one sentence among many benign ones: over the whole text its n-grams are
 * diluted; in its window they are not. The span is the window that scored highest.
 */
public record ClassifierRail(String name, Action action, double threshold, LogisticModel model) implements Rail {
    @Override
    public String type() {
        return "classifier";
    }

    /** Window length in normalised characters. */
    public static final int WINDOW = 256;

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        return score(model, text, deadline);
    }

    /** The rail's score and span (also used to fit its threshold). */
    public static Detection score(LogisticModel model, TextView text, Deadline deadline) {
        double best = model.probability(HashedFeatures.of(text));
        int n = text.normalized().length();
        int bestFrom = -1;
        int bestTo = -1;
        if (n > WINDOW + WINDOW / 4) {
            String s = text.normalized();
            for (int from = 0; from < n; ) {
                deadline.check();
                int to = cut(s, Math.min(n, from + WINDOW));
                double p = model.probability(HashedFeatures.of(text, from, to));
                if (p > best) {
                    best = p;
                    bestFrom = from;
                    bestTo = to;
                }
                if (to >= n) {
                    break;
                }
                from = cut(s, from + WINDOW / 2);
            }
        }
        return new Detection(best, bestFrom < 0 ? java.util.List.of()
                : java.util.List.of(new org.mlgate.guard.Span(text.originStart(bestFrom), text.originEnd(bestTo))));
    }

    /** The first whitespace at or after {@code at} (within 32 chars), else {@code at}. */
    private static int cut(String s, int at) {
        for (int i = at; i < s.length() && i < at + 32; i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return Math.min(at, s.length());
    }
}
