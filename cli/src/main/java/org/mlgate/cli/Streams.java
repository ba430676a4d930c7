package org.mlgate.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * Where a command writes: {@code out} carries only the command's result document, {@code err} everything
 * else (progress, messages). {@code errIsTerminal} says whether a progress display may be drawn on
 * {@code err}; {@code env} is the environment the command reads settings from.
 */
public record Streams(PrintStream out, PrintStream err, boolean errIsTerminal, Map<String, String> env) {
    public Streams {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
    }

    /** True when {@code MLGATE_DEBUG=1}: unexpected errors are printed with their stack trace. */
    public boolean debug() {
        return "1".equals(env.get("MLGATE_DEBUG"));
    }
}
