package org.mlgate.guard.rails;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.mlgate.guard.Action;
import org.mlgate.guard.Span;
import org.mlgate.guard.text.TextView;

/**
 * Instruction-hijacking and jailbreak cues ({@link InjectionCues}). Each cue has a weight;
 * the score is {@code 1 − Π(1 − weight)} over the distinct cues present in the folded text (leetspeak,
 * homoglyphs and zero-width characters normalised).
 *
 * <p>Speed: a cue is a regular expression whose match starts at a word and a list of prefixes that word can
 * have. The text is walked once; at each word start only the cues registered for its first two characters are
 * tried, anchored there ({@code lookingAt}), so the cost grows with the number of words, not with words × cues.
 * Cues that start with punctuation (chat-template tokens) are found by a plain search when their anchor occurs.
 * Every pattern is free of nested quantifiers, so matching is linear.
 */
public record HeuristicInjectionRail(String name, Action action, double threshold) implements Rail {
    public static HeuristicInjectionRail of(String name, Action action, double threshold) {
        return new HeuristicInjectionRail(name, action, threshold);
    }

    @Override
    public String type() {
        return "heuristic_injection";
    }

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        List<Span> spans = new ArrayList<>();
        boolean[] found = find(text, deadline, spans);
        double keep = 1;
        for (int i = 0; i < found.length; i++) {
            if (found[i]) {
                keep *= 1 - InjectionCues.weight(i);
            }
        }
        double score = 1 - keep;
        return score == 0 ? Detection.NONE : new Detection(score, Matches.merge(spans));
    }

    private static boolean[] find(TextView text, Deadline deadline, List<Span> spans) {
        String folded = text.folded();
        int n = folded.length();
        boolean[] found = new boolean[InjectionCues.count()];
        Matcher[] matchers = new Matcher[found.length];
        for (int p = 0; p + 1 < n; p++) {
            if ((p & 4095) == 0) {
                deadline.check();
            }
            if (!Character.isLetter(folded.charAt(p)) || (p > 0 && Character.isLetterOrDigit(folded.charAt(p - 1)))) {
                continue;
            }
            int k = InjectionCues.key(folded.charAt(p), folded.charAt(p + 1));
            InjectionCues.Entry[] candidates = k < 0 ? null : InjectionCues.BY_PREFIX[k];
            if (candidates == null) {
                continue;
            }
            for (InjectionCues.Entry e : candidates) {
                InjectionCues.Cue c = e.cue();
                if (!startsWithAny(folded, p, e.prefixes())) {
                    continue;
                }
                Matcher m = matchers[c.id()];
                if (m == null) {
                    m = c.pattern().matcher(folded).useTransparentBounds(true);
                    matchers[c.id()] = m;
                }
                m.region(p, n);
                if (m.lookingAt()) {
                    found[c.id()] = true;
                    spans.add(new Span(text.originStart(m.start()), text.originEnd(m.end())));
                }
            }
        }
        for (InjectionCues.SearchCue c : InjectionCues.SEARCH_CUES) {
            // Every match starts with one of the cue's anchors: try the pattern only where an anchor occurs
            // (a scan with find() tried every branch at every position, the rail's largest cost).
            Matcher m = null;
            for (String anchor : c.anchors()) {
                for (int at = folded.indexOf(anchor); at >= 0; at = folded.indexOf(anchor, at + 1)) {
                    deadline.check();
                    if (m == null) {
                        m = c.pattern().matcher(folded).useTransparentBounds(true);
                    }
                    m.region(at, n);
                    if (m.lookingAt()) {
                        found[c.id()] = true;
                        spans.add(new Span(text.originStart(m.start()), text.originEnd(m.end())));
                    }
                }
            }
        }
        return found;
    }

    /** Whether a prefix starts at {@code at}; a space in a prefix matches a run of whitespace (the cues' \\s+). */
    private static boolean startsWithAny(String s, int at, String[] prefixes) {
        for (String w : prefixes) {
            int k = 0;
            int i = at;
            while (k < w.length() && i < s.length()) {
                char want = w.charAt(k);
                if (want == ' ') {
                    if (!Character.isWhitespace(s.charAt(i))) {
                        break;
                    }
                    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                        i++;
                    }
                } else if (s.charAt(i++) != want) {
                    break;
                }
                k++;
            }
            if (k == w.length()) {
                return true;
            }
        }
        return false;
    }

}
