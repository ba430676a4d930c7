package org.mlgate.guard.langchain4j;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailResult;
import java.util.Objects;
import org.mlgate.guard.Decision;
import org.mlgate.guard.Guard;

/**
 * A {@link Guard}'s input rails as a langchain4j {@link InputGuardrail}: blocked → {@code fatal} (the model is
 * not called) naming the rails that fired; redacted → {@code successWith} the redacted text; otherwise success.
 * A message that is not a single text (images, audio) cannot be judged and is refused (fail closed).
 */
public final class GuardInputGuardrail implements InputGuardrail {
    private final Guard guard;

    public GuardInputGuardrail(Guard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    @Override
    public InputGuardrailResult validate(UserMessage userMessage) {
        if (!userMessage.hasSingleText()) {
            return fatal("mlgate guard: only single-text messages can be checked");
        }
        String text = userMessage.singleText();
        Decision d = guard.checkInput(text);
        if (!d.allowed()) {
            return fatal(Decisions.reason(d));
        }
        return d.redacted() ? successWith(d.text()) : success();
    }
}
