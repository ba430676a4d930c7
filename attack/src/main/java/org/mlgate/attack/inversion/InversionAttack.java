package org.mlgate.attack.inversion;

import java.nio.file.Path;
import java.util.Locale;
import org.mlgate.attack.oracle.AttackerData;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.UsageException;
import org.mlgate.train.pkg.ModelPackage;

/** One attribute-inference run as a front asks for it: the method, the records, the prior and the method's settings. */
public final class InversionAttack {
    private InversionAttack() {
    }

    /** Score matching against a prior ({@link Inversion}) or optimisation of the hidden value ({@link ScoreOptimization}). */
    public enum Method {
        SCORE_MATCHING, OPTIMIZE;

        public static Method parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "score-matching" -> SCORE_MATCHING;
                case "optimize" -> OPTIMIZE;
                default -> throw new UsageException("--method must be score-matching or optimize, got '" + text + "'");
            };
        }
    }

    /**
     * @param data         known records with their true hidden value (used only to score the attack)
     * @param attackerData rows whose hidden column is the prior, or null for a uniform prior
     * @param surrogate    optimize only: an extracted copy to take the steps on, or null to query the target
     */
    public record Request(Method method, String hidden, Path data, Path attackerData, int records, int grid,
                          int steps, Path surrogate, long seed) {
        public Request {
            if (method != Method.OPTIMIZE && surrogate != null) {
                throw new UsageException("--surrogate needs --method optimize");
            }
        }
    }

    public static InversionResult run(Target t, Request r, Queries q) {
        AttackerData known = AttackerData.read(r.data(), t.space(), "--data");
        AttackerData prior = r.attackerData() == null ? null
                : AttackerData.read(r.attackerData(), t.space(), "--attacker-data");
        return switch (r.method()) {
            case OPTIMIZE -> ScoreOptimization.run(t, known, r.hidden(), prior, r.records(), r.grid(), r.steps(),
                    r.surrogate() == null ? null : ModelPackage.open(r.surrogate()).freeze(), q, r.seed());
            case SCORE_MATCHING -> Inversion.run(t, known, r.hidden(), prior, r.records(), r.grid(), q, r.seed());
        };
    }
}
