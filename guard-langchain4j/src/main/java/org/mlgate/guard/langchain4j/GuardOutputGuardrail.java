package org.mlgate.guard.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import java.util.Objects;
import org.mlgate.guard.Decision;
import org.mlgate.guard.Guard;

/**
 * A {@link Guard}'s output rails as a langchain4j {@link OutputGuardrail}: blocked → {@code fatal} (no retry: a
 * leak found once is not retried away); redacted → {@code successWith} the redacted text; otherwise success.
 * An answer without text (only tool calls) has nothing for the rails to read and passes.
 */
public final class GuardOutputGuardrail implements OutputGuardrail {
    private final Guard guard;

    public GuardOutputGuardrail(Guard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    @Override
    public OutputGuardrailResult validate(AiMessage responseFromLLM) {
        String text = responseFromLLM.text();
        if (text == null) {
            return success();
        }
        Decision d = guard.checkOutput(text);
        if (!d.allowed()) {
            return fatal(Decisions.reason(d));
        }
        return d.redacted() ? successWith(d.text()) : success();
    }
}
