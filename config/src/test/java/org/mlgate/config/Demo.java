package org.mlgate.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small guard-like configuration exercising every kind of component the loader binds. */
record Demo(Rails rails, Optional<String> name, @Secret Optional<String> apiKey, Map<String, Integer> quotas,
            Optional<Boolean> enabled) {

    record Rails(Flows input, Optional<Flows> output) {
    }

    record Flows(List<Rail> flows) {
    }

    enum Action { BLOCK, REDACT, FLAG }

    @Variants
    sealed interface Rail permits Regex, TokenLimit {
    }

    @Variant("regex")
    record Regex(String name, List<String> patterns, Action action, Optional<Double> threshold) implements Rail {
    }

    @Variant("token_limit")
    record TokenLimit(String name, int maxTokens, long window) implements Rail {
        TokenLimit {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("max_tokens must be at least 1, got " + maxTokens);
            }
        }
    }
}
