package org.mlgate.attack.oracle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlgate.train.data.Feature;

/**
 * What a target's answers reveal, as {@code observed_output} reports it: {@code raw} (full-precision scores),
 * {@code rounded:K}, {@code top-k:K} (scores of the K most probable classes only), {@code bins}, {@code labels},
 * {@code noisy} (scores with random noise added) or {@code perturbed} (scores deliberately distorted, e.g. a reverse
 * sigmoid). The shape of an answer tells the first five. Noise looks like raw scores, so it is read from the policy
 * the target advertises (mlgate serve's {@code GET /v1/models}) or, when none is advertised, measured with two counted
 * queries: the row with one number moved by {@link #NUDGE} and by twice that of its encoded range. Noise drawn per
 * query, or keyed to the input (mlgate serve's: the same row always gets the same noise, so repeating it shows
 * nothing), changes the scores by about its σ; a smooth deterministic model by about the slope times 1e-6. A step
 * model (a tree split falling inside the nudge) would read as noisy; noise below {@link #JUMP} reads as raw, and noise
 * that leaves all three answers saturated at exactly 0 and 1 reads as rounded. A deterministic distortion (reverse
 * sigmoid) is named only when advertised.
 */
public final class ObservedOutput {
    public static final String RAW = "raw";
    public static final String LABELS = "labels";
    public static final String BINS = "bins";
    public static final String NOISY = "noisy";
    public static final String PERTURBED = "perturbed";
    /** Finest rounding step looked for; anything finer is treated as raw (float) scores. */
    static final int MAX_DECIMALS = 8;
    static final double NUDGE = 1e-6;
    static final double JUMP = 1e-4;
    static final int PROBES = 2;

    private ObservedOutput() {
    }

    /** By the answers' shape alone: {@code bins}, {@code top-k:K}, {@code labels}, {@code rounded:K} or {@code raw}. */
    public static String ofAnswers(List<Answer> answers) {
        if (answers.stream().anyMatch(a -> a.bin() != null)) {
            return BINS;
        }
        if (answers.stream().anyMatch(a -> !a.hasScores())) {
            int shown = answers.stream().mapToInt(Answer::scoresShown).max().orElse(0);
            return shown > 0 ? "top-k:" + shown : LABELS;
        }
        for (int k = 1; k <= MAX_DECIMALS; k++) {
            double scale = Math.pow(10, k);
            boolean all = answers.stream().allMatch(a -> {
                for (double p : a.probabilities()) {
                    if (Math.abs(p * scale - Math.rint(p * scale)) > 1e-6) {
                        return false;
                    }
                }
                return true;
            });
            if (all) {
                return "rounded:" + k;
            }
        }
        return RAW;
    }

    /** The shape, refined by the policy the target advertises (no query). */
    public static String of(Target target, List<Answer> answers) {
        String shape = ofAnswers(answers);
        if (!precise(shape)) {
            return shape;
        }
        // saturated scores (exactly 0 and 1, as a reverse sigmoid often gives) look rounded: the policy says better
        String advertised = advertised(target.policy());
        return advertised != null ? advertised : shape;
    }

    /**
     * The shape of {@code first} (the answer to {@code row}), refined by the advertised policy or, when the target
     * advertises none and the scores look raw, by two counted queries (see the class comment). Without their answers
     * (the target stopped) the shape stands.
     */
    public static String probe(Target target, Queries queries, Map<String, Object> row, Answer first) {
        String known = of(target, List.of(first));
        if (!precise(known) || target.policy() != null) {
            return known;
        }
        List<Map<String, Object>> nudged = new ArrayList<>();
        for (int step = 1; step <= PROBES; step++) {
            Map<String, Object> r = nudge(target.space(), row, step * NUDGE);
            nudged.add(r == null ? row : r); // no number to move: the same row again (catches fresh noise only)
        }
        List<Answer> a = queries.ask(nudged);
        for (Answer x : a) {
            if (distance(x, first) > JUMP) {
                return NOISY;
            }
        }
        List<Answer> all = new ArrayList<>(a);
        all.add(first);
        return ofAnswers(all); // more answers read the rounding step better than one (0 and 1 look rounded)
    }

    /** Whether scores are what the model computed (up to rounding): what equation solving and least squares need. */
    public static boolean precise(String observed) {
        return observed != null && (observed.equals(RAW) || observed.startsWith("rounded:"));
    }

    /** What an advertised policy adds to raw-looking scores: {@code noisy}, {@code perturbed} or nothing (null). */
    static String advertised(String policy) {
        if (policy == null) {
            return null;
        }
        String name = policy.strip().toLowerCase(Locale.ROOT);
        int colon = name.indexOf(':');
        name = colon < 0 ? name : name.substring(0, colon);
        return switch (name) {
            case "noise" -> NOISY;
            case "reverse-sigmoid" -> PERTURBED;
            default -> null;
        };
    }

    /** The row with its first numeric input moved by {@code by} of its encoded range, or null without one. */
    static Map<String, Object> nudge(InputSpace space, Map<String, Object> row, double by) {
        for (Feature f : space.features()) {
            if (f instanceof Feature.Numeric n && row.get(n.name()) instanceof Number v) {
                double e = n.encode(v.doubleValue());
                double moved = e + by <= 1 ? e + by : e - by;
                Map<String, Object> out = new LinkedHashMap<>(row);
                out.put(n.name(), InputSpace.decode(n, moved));
                return out;
            }
        }
        return null;
    }

    private static double distance(Answer a, Answer b) {
        if (!a.hasScores() || !b.hasScores()) {
            return a.label().equals(b.label()) ? 0 : Double.POSITIVE_INFINITY;
        }
        double[] p = a.probabilities();
        double[] q = b.probabilities();
        double d = 0;
        for (int c = 0; c < p.length; c++) {
            d = Math.max(d, Math.abs(p[c] - q[c]));
        }
        return d;
    }
}
