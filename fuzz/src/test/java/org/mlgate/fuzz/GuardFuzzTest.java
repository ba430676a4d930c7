package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import org.mlgate.guard.Decision;
import org.mlgate.guard.Guard;
import org.mlgate.guard.RailHit;
import org.mlgate.guard.Span;

/**
 * Any text through the built-in input and output rails: no rail errors (an error would block, hiding a bug),
 * spans lie inside the text, a decision is allowed exactly when no blocking rail fired, and redaction removes
 * every redacted span's text position.
 */
class GuardFuzzTest {
    private static final Guard GUARD = Guard.defaults();

    @FuzzTest(maxDuration = "2m")
    void text(byte @NotNull @WithLength(max = 4096) [] data) {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        check(GUARD.checkInput(text), text);
        check(GUARD.checkOutput(text), text);
    }

    private static void check(Decision d, String text) {
        boolean blocked = false;
        for (RailHit h : d.hits()) {
            if (h.note().startsWith("error")) {
                throw new AssertionError("rail " + h.rail() + " failed: " + h.note());
            }
            if (h.fired() && h.action() == org.mlgate.guard.Action.BLOCK) {
                blocked = true;
            }
            for (Span s : h.spans()) {
                if (s.end() > text.length()) {
                    throw new AssertionError("span " + s + " outside a text of " + text.length() + " chars");
                }
            }
            if (!(h.score() >= 0 && h.score() <= 1)) {
                throw new AssertionError("score " + h.score());
            }
        }
        if (d.allowed() == blocked) {
            throw new AssertionError("allowed " + d.allowed() + " but blocked " + blocked);
        }
        if (!d.redacted() && !d.text().equals(text)) {
            throw new AssertionError("text changed without a redact rail firing");
        }
    }
}
