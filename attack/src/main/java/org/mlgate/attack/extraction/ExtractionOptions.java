package org.mlgate.attack.extraction;

import java.util.Locale;
import java.util.List;
import org.mlgate.attack.oracle.AttackerData;
import org.mlgate.core.UsageException;

/**
 * Settings of one extraction run.
 *
 * @param method      how to extract ({@link Method#AUTO} picks from the first answer)
 * @param surrogate   the surrogate's hidden layers for learning-based extraction (empty: logistic regression)
 * @param evalPoints  uniform points in the public ranges on which fidelity is measured (eval queries)
 * @param rounds      adaptive-retraining rounds for label-only outputs (1: one uniform pool)
 * @param seed        drives every random choice (pool, eval points, training), reported with the result
 * @param attackerPool rows the attacker draws queries from ({@code --attacker-data}); null: uniform in the public
 *                    ranges
 * @param evalData    rows on which {@code fidelity} is measured ({@code --eval-data}); null: the uniform points
 */
public record ExtractionOptions(Method method, List<Integer> surrogate, int evalPoints, int rounds, long seed,
                                AttackerData attackerPool, AttackerData evalData) {
    public ExtractionOptions(Method method, List<Integer> surrogate, int evalPoints, int rounds, long seed) {
        this(method, surrogate, evalPoints, rounds, seed, null, null);
    }

    public ExtractionOptions {
        surrogate = List.copyOf(surrogate);
        if (evalPoints < 1 || evalPoints > 1_000_000) {
            throw new UsageException("--eval-points must be between 1 and 1000000, got " + evalPoints);
        }
        if (rounds < 1 || rounds > 100) {
            throw new UsageException("--rounds must be between 1 and 100, got " + rounds);
        }
    }

    /** Extraction methods, named as {@code --method} spells them. */
    public enum Method {
        AUTO("auto"), EQUATION_SOLVING("equation-solving"), LEAST_SQUARES("least-squares"), SURROGATE("surrogate"),
        LINE_SEARCH("line-search");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Method parse(String s) {
            for (Method m : values()) {
                if (s != null && m.id.equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new UsageException("--method must be auto, equation-solving, least-squares, surrogate or "
                    + "line-search, got '" + s
                    + "'");
        }
    }
}
