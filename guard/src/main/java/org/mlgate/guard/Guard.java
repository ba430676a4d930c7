package org.mlgate.guard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mlgate.config.ConfigLoader;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.guard.model.GuardModel;
import org.mlgate.guard.rails.Deadline;
import org.mlgate.guard.rails.Detection;
import org.mlgate.guard.rails.Rail;
import org.mlgate.guard.text.TextView;

/**
 * A security barrier in front of an LLM: {@link #checkInput} before a prompt reaches the model,
 * {@link #checkOutput} before its answer reaches the user. Every rail of the direction runs on the text (in
 * configuration order, one text view shared); a rail fires when its score reaches its threshold. Fail closed: a
 * rail that throws or exceeds the per-rail time budget fires as a block. Immutable and thread-safe: one guard
 * serves any number of threads.
 */
public final class Guard {
    public static final String CONFIG_FILE = "config.yml";
    static final String DEFAULT_CONFIG = "/org/mlgate/guard/default-config.yml";
    private static final int DEFAULT_TIMEOUT_MS = 200;
    private static final String REDACTED = "[REDACTED]";

    private final List<Rail> input;
    private final List<Rail> output;
    private final long budgetNanos;

    private Guard(List<Rail> input, List<Rail> output, int timeoutMs) {
        this.input = List.copyOf(input);
        this.output = List.copyOf(output);
        this.budgetNanos = timeoutMs * 1_000_000L;
    }

    /** Reads {@code DIR/config.yml} with the project's config loader; errors name file, line and key. */
    public static Guard load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(dir + ": not a guard configuration folder (a directory with "
                    + CONFIG_FILE + ")");
        }
        GuardConfig c = ConfigLoader.standard().load(dir.resolve(CONFIG_FILE), GuardConfig.class);
        return of(c, dir, GuardModel::builtIn);
    }

    /** The built-in rail set (see {@code default-config.yml} in this module's resources) with the built-in model. */
    public static Guard defaults() {
        return defaults(GuardModel::builtIn);
    }

    /** The built-in rail set with another model and its thresholds (how {@code mlgate guard eval} measures it). */
    public static Guard defaults(GuardModel model) {
        return defaults(() -> model);
    }

    private static Guard defaults(java.util.function.Supplier<GuardModel> model) {
        try (InputStream in = Guard.class.getResourceAsStream(DEFAULT_CONFIG)) {
            if (in == null) {
                throw new IncompleteException("the built-in guard configuration is missing from the jar");
            }
            GuardConfig c = ConfigLoader.standard().parse(in.readAllBytes(), "default-config.yml",
                    GuardConfig.class);
            return of(c, null, model);
        } catch (IOException e) {
            throw new IncompleteException("cannot read the built-in guard configuration: " + e.getMessage(), e);
        }
    }

    private static Guard of(GuardConfig c, Path dir, java.util.function.Supplier<GuardModel> model) {
        return new Guard(
                Rails.build(c.rails().input().map(GuardConfig.Flows::flows).orElse(List.of()), dir, model),
                Rails.build(c.rails().output().map(GuardConfig.Flows::flows).orElse(List.of()), dir, model),
                c.timeoutMs().orElse(DEFAULT_TIMEOUT_MS));
    }

    /** A guard from rails already built (for tests and the evaluation). */
    public static Guard of(List<Rail> input, List<Rail> output, int timeoutMs) {
        return new Guard(input, output, timeoutMs);
    }

    public Decision checkInput(String prompt) {
        return check(prompt, input);
    }

    public Decision checkOutput(String answer) {
        return check(answer, output);
    }

    public List<Rail> inputRails() {
        return input;
    }

    public List<Rail> outputRails() {
        return output;
    }

    private Decision check(String text, List<Rail> rails) {
        TextView view = TextView.of(text);
        List<RailHit> hits = new ArrayList<>(rails.size());
        boolean allowed = true;
        double score = 0;
        List<Span> redact = new ArrayList<>();
        for (Rail rail : rails) {
            RailHit hit = run(rail, view);
            hits.add(hit);
            score = Math.max(score, hit.score());
            if (hit.fired()) {
                switch (hit.action()) {
                    case BLOCK -> allowed = false;
                    case REDACT -> redact.addAll(hit.spans());
                    case FLAG -> { }
                }
            }
        }
        return new Decision(allowed, redact.isEmpty() ? text : redact(text, redact), score, hits);
    }

    private RailHit run(Rail rail, TextView view) {
        Deadline deadline = Deadline.in(budgetNanos);
        try {
            Detection d = rail.detect(view, deadline);
            if (deadline.passed()) {
                return failed(rail, "timeout");
            }
            return new RailHit(rail.name(), rail.type(), rail.action(), d.score() >= rail.threshold(), d.score(),
                    d.spans(), "");
        } catch (Deadline.Expired e) {
            return failed(rail, "timeout");
        } catch (RuntimeException e) {
            // Fail closed: a rail that cannot judge blocks, and says why.
            return failed(rail, "error: " + e);
        }
    }

    private static RailHit failed(Rail rail, String note) {
        return new RailHit(rail.name(), rail.type(), Action.BLOCK, true, 1, List.of(), note);
    }

    /** Replaces each maximal run of overlapping spans with one marker. */
    private static String redact(String text, List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort((a, b) -> Integer.compare(a.start(), b.start()));
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        int i = 0;
        while (i < sorted.size()) {
            int start = sorted.get(i).start();
            int end = sorted.get(i).end();
            while (++i < sorted.size() && sorted.get(i).start() <= end) {
                end = Math.max(end, sorted.get(i).end());
            }
            out.append(text, at, start).append(REDACTED);
            at = end;
        }
        return out.append(text, at, text.length()).toString();
    }
}
