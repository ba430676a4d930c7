package org.mlgate.guard.rails;

import java.util.ArrayList;
import java.util.List;
import org.mlgate.guard.Action;
import org.mlgate.guard.Span;
import org.mlgate.guard.text.Invisible;
import org.mlgate.guard.text.TextView;

/** Fires on at least {@code minCount} suspicious invisible characters (tags, zero-width spaces, bidi controls). */
public record InvisibleTextRail(String name, Action action, int minCount) implements Rail {
    @Override
    public String type() {
        return "invisible_text";
    }

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        String s = text.original();
        List<Span> spans = new ArrayList<>();
        int count = 0;
        int runStart = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (Invisible.isSuspicious(cp)) {
                count++;
                if (runStart < 0) {
                    runStart = i;
                }
            } else if (runStart >= 0) {
                spans.add(new Span(runStart, i));
                runStart = -1;
            }
            i = next;
        }
        if (runStart >= 0) {
            spans.add(new Span(runStart, s.length()));
        }
        return count >= minCount ? new Detection(1, spans) : Detection.NONE;
    }
}
