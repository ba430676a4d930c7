package org.mlgate.guard;

import java.util.List;
import java.util.Optional;

/**
 * {@code config.yml} of a guard folder (a NeMo Guardrails-like layout: {@code rails.input.flows},
 * {@code rails.output.flows}, each a list of rails), plus {@code timeout_ms}: the time budget of one rail on one
 * text (default 200); a rail that exceeds it blocks.
 */
public record GuardConfig(Rails rails, Optional<Integer> timeoutMs) {
    public GuardConfig {
        timeoutMs.ifPresent(t -> {
            if (t < 1 || t > 60_000) {
                throw new IllegalArgumentException("timeout_ms must be in [1, 60000], got " + t);
            }
        });
    }

    public record Rails(Optional<Flows> input, Optional<Flows> output) {
        public Rails {
            if (input.map(f -> f.flows().isEmpty()).orElse(true) && output.map(f -> f.flows().isEmpty()).orElse(true)) {
                // Nothing judged is not "allowed": a guard without rails is a configuration mistake.
                throw new IllegalArgumentException("no input or output rails: a guard that judges nothing");
            }
        }
    }

    public record Flows(List<RailSpec> flows) {
        public Flows {
            java.util.Set<String> names = new java.util.HashSet<>();
            for (RailSpec r : flows) {
                if (!names.add(r.name())) {
                    throw new IllegalArgumentException("two rails are named \"" + r.name() + "\"");
                }
            }
        }
    }
}
