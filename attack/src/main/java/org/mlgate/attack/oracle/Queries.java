package org.mlgate.attack.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The only way attacks reach the oracle: attack queries count against the budget ({@code queries}); queries made
 * only to measure fidelity count separately ({@code eval_queries}) and never against the budget. Rows go out in
 * chunks of {@link #CHUNK}, each counted when answered, so a refusal (429/403) mid-way keeps every answer received;
 * after it, {@link #stopped} says why and every later call returns nothing. Not thread-safe: one attack, one counter.
 */
public final class Queries {
    static final int CHUNK = 250;
    private final Oracle oracle;
    private final long budget;
    private final LongConsumer progress;
    private long used;
    private long eval;
    private String stopped;
    private String stopMessage;

    public Queries(Oracle oracle, long budget, LongConsumer progress) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be at least 1, got " + budget);
        }
        this.oracle = oracle;
        this.budget = budget;
        this.progress = progress;
    }

    /**
     * Attack queries: the answers, in order, possibly fewer than asked when the target refuses or the budget runs
     * out (then {@link #stopped} is set).
     */
    public List<Answer> ask(List<Map<String, Object>> rows) {
        List<Map<String, Object>> allowed = rows;
        if (used + rows.size() > budget) {
            allowed = rows.subList(0, (int) Math.max(0, budget - used));
        }
        List<Answer> out = send(allowed, true);
        if (stopped == null && allowed.size() < rows.size()) {
            stop("attack_budget", "the attack budget of " + budget + " queries is spent");
        }
        return out;
    }

    /** Fidelity-measurement queries: counted as {@code eval_queries}, outside the budget. */
    public List<Answer> askForEvaluation(List<Map<String, Object>> rows) {
        return send(rows, false);
    }

    private List<Answer> send(List<Map<String, Object>> rows, boolean attack) {
        List<Answer> out = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size() && stopped == null; from += CHUNK) {
            List<Map<String, Object>> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            try {
                out.addAll(oracle.ask(chunk));
            } catch (TargetRefused e) {
                stop(e.reason(), e.getMessage());
                break;
            }
            if (attack) {
                used += chunk.size();
                progress.accept(used);
            } else {
                eval += chunk.size();
            }
        }
        return out;
    }

    private void stop(String reason, String message) {
        stopped = reason;
        stopMessage = message;
    }

    /** Why the target stopped answering ({@code rate_limited}, {@code budget_exhausted}, {@code attack_budget}), or null. */
    public String stopped() {
        return stopped;
    }

    public String stopMessage() {
        return stopMessage;
    }

    public long used() {
        return used;
    }

    public long evalQueries() {
        return eval;
    }

    public long budget() {
        return budget;
    }

    public long remaining() {
        return budget - used;
    }
}
