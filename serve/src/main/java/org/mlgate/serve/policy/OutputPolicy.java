package org.mlgate.serve.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlgate.core.UsageException;

/**
 * What a client learns from one prediction. Every policy receives the model's probabilities (schema class order)
 * and returns a {@link Prediction}; the label is always the model's most probable class, so policies change what
 * leaks, not what is predicted. Parsed from one spelling ({@link #parse}) used by flags and configuration alike.
 */
public sealed interface OutputPolicy {
    /** The spelling {@link #parse} reads back. */
    String spelling();

    /**
     * @param p       class probabilities in {@code classes} order (not changed)
     * @param seed    per-input randomness for {@link Noise} (a keyed hash of the canonical input), else unused
     */
    Prediction apply(double[] p, List<String> classes, long seed);

    /** Full-precision scores, for trusted callers: everything the model computes. */
    record Raw() implements OutputPolicy {
        public String spelling() {
            return "raw";
        }

        public Prediction apply(double[] p, List<String> classes, long seed) {
            return full(p, classes, p);
        }
    }

    /** Scores rounded to {@code digits} decimals (Tramèr et al.'s first countermeasure; slows, does not stop, copying). */
    record Round(int digits) implements OutputPolicy {
        public Round {
            if (digits < 0 || digits > 8) {
                throw new UsageException("round:K needs 0 <= K <= 8, got " + digits);
            }
        }

        public String spelling() {
            return "round:" + digits;
        }

        public Prediction apply(double[] p, List<String> classes, long seed) {
            double scale = Math.pow(10, digits);
            double[] r = Arrays.stream(p).map(v -> Math.round(v * scale) / scale).toArray();
            return full(p, classes, r);
        }
    }

    /** The class name only: no number in the answer. */
    record LabelOnly() implements OutputPolicy {
        public String spelling() {
            return "label";
        }

        public Prediction apply(double[] p, List<String> classes, long seed) {
            return Prediction.labelOnly(classes.get(argmax(p)));
        }
    }

    /** The {@code k} most probable classes with their probabilities, most probable first. */
    record TopK(int k) implements OutputPolicy {
        public TopK {
            if (k < 1) {
                throw new UsageException("topk:K needs K >= 1, got " + k);
            }
        }

        public String spelling() {
            return "topk:" + k;
        }

        public Prediction apply(double[] p, List<String> classes, long seed) {
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < p.length; c++) {
                order.add(c);
            }
            order.sort(Comparator.comparingDouble((Integer c) -> -p[c]).thenComparing(c -> c));
            Map<String, Double> top = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(k, p.length); i++) {
                top.put(classes.get(order.get(i)), p[order.get(i)]);
            }
            return new Prediction(classes.get(order.getFirst()), null, top, null, null);
        }
    }

    /**
     * Named bins of the positive-class probability (binary models), e.g. Low below 0.3, Medium below 0.7, High: the
     * answer is the bin's name and, if configured, a fixed score for the bin (e.g. its calibrated fraud rate). No
     * number derived from this input leaks.
     */
    record Bins(List<Bin> bins) implements OutputPolicy {
        /** A bin: values below {@code upper} (the last bin's upper is +infinity) are named {@code name}. */
        public record Bin(String name, double upper, Double score) { }

        public Bins {
            if (bins == null || bins.size() < 2) {
                throw new UsageException("bins needs at least two bins");
            }
            bins = List.copyOf(bins);
            double last = 0;
            for (int i = 0; i < bins.size(); i++) {
                Bin b = bins.get(i);
                boolean lastBin = i == bins.size() - 1;
                if (b.name() == null || b.name().isBlank()) {
                    throw new UsageException("bin " + (i + 1) + " has no name");
                }
                if (!lastBin && !(b.upper() > last && b.upper() < 1)) {
                    throw new UsageException("bin '" + b.name() + "': cut points must rise strictly inside (0, 1)");
                }
                if (lastBin && b.upper() != Double.POSITIVE_INFINITY) {
                    throw new UsageException("the last bin has no upper cut point");
                }
                last = b.upper();
            }
        }

        public String spelling() {
            StringBuilder s = new StringBuilder("bins:");
            for (int i = 0; i < bins.size(); i++) {
                s.append(i == 0 ? "" : ",").append(bins.get(i).name());
                if (i < bins.size() - 1) {
                    s.append(",").append(bins.get(i).upper());
                }
            }
            return s.toString();
        }

        public Prediction apply(double[] p, List<String> classes, long seed) {
            if (p.length != 2) {
                throw new UsageException("the bins policy needs a binary model");
            }
            for (Bin b : bins) {
                if (p[1] < b.upper()) {
                    return new Prediction(classes.get(argmax(p)), null, null, b.name(), b.score());
                }
            }
            throw new IllegalStateException("the last bin is unbounded");
        }
    }

    /**
     * Lee et al.'s reverse sigmoid: each probability y is moved by β·(σ(−γ·logit(y)) − ½) and the vector
     * renormalised, which keeps the most probable class but flattens and scrambles the gradient an extraction attack
     * learns from. β > 0 sets the size of the perturbation, γ > 0 its steepness.
     */
    record ReverseSigmoid(double beta, double gamma) implements OutputPolicy {
        public ReverseSigmoid {
            if (!(beta > 0 && beta <= 1) || !(gamma > 0 && gamma <= 100)) {
                throw new UsageException("reverse-sigmoid:BETA,GAMMA needs 0 < BETA <= 1 and 0 < GAMMA <= 100");
            }
        }

        public String spelling() {
            return "reverse-sigmoid:" + beta + "," + gamma;
        }

        public Prediction apply(double[] p, List<String> classes, long seed) {
            double[] r = new double[p.length];
            double sum = 0;
            for (int c = 0; c < p.length; c++) {
                double y = Math.min(1 - 1e-9, Math.max(1e-9, p[c]));
                double perturbation = beta * (1 / (1 + Math.exp(gamma * Math.log(y / (1 - y)))) - 0.5);
                r[c] = Math.min(1, Math.max(0, p[c] - perturbation));
                sum += r[c];
            }
            for (int c = 0; c < r.length; c++) {
                r[c] = sum > 0 ? r[c] / sum : 1.0 / r.length;
            }
            return full(p, classes, r);
        }
    }

    /**
     * Gaussian noise of standard deviation {@code sigma} on each probability (clipped to [0, 1], renormalised), drawn
     * from a generator seeded by a keyed hash of the canonical input: the same input always gets the same noise, so
     * averaging repeated queries does not remove it. The label is the noiseless most probable class.
     */
    record Noise(double sigma) implements OutputPolicy {
        public Noise {
            if (!(sigma > 0 && sigma <= 1)) {
                throw new UsageException("noise:SIGMA needs 0 < SIGMA <= 1");
            }
        }

        public String spelling() {
            return "noise:" + sigma;
        }

        public Prediction apply(double[] p, List<String> classes, long seed) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            double[] r = new double[p.length];
            double sum = 0;
            for (int c = 0; c < p.length; c++) {
                double u1 = 1 - random.nextDouble();
                double u2 = random.nextDouble();
                double g = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
                r[c] = Math.min(1, Math.max(0, p[c] + sigma * g));
                sum += r[c];
            }
            for (int c = 0; c < r.length; c++) {
                r[c] = sum > 0 ? r[c] / sum : 1.0 / r.length;
            }
            return full(p, classes, r);
        }
    }

    /** Reads {@code raw}, {@code round:K}, {@code label}, {@code topk:K}, {@code bins:NAME,CUT,NAME[,CUT,NAME...]},
     * {@code reverse-sigmoid:BETA,GAMMA} or {@code noise:SIGMA} (case-insensitive names). */
    static OutputPolicy parse(String spelling) {
        if (spelling == null || spelling.isBlank()) {
            throw new UsageException("an output policy is required (raw, round:K, label, topk:K, bins:..., "
                    + "reverse-sigmoid:B,G or noise:S)");
        }
        int colon = spelling.indexOf(':');
        String name = (colon < 0 ? spelling : spelling.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        String arg = colon < 0 ? null : spelling.substring(colon + 1).strip();
        return switch (name) {
            case "raw" -> noArgument(name, arg, new Raw());
            case "label" -> noArgument(name, arg, new LabelOnly());
            case "round" -> new Round(integer(name, arg));
            case "topk" -> new TopK(integer(name, arg));
            case "reverse-sigmoid" -> {
                double[] v = numbers(name, arg, 2);
                yield new ReverseSigmoid(v[0], v[1]);
            }
            case "noise" -> new Noise(numbers(name, arg, 1)[0]);
            case "bins" -> bins(arg);
            default -> throw new UsageException("unknown output policy '" + name + "' (raw, round:K, label, topk:K, "
                    + "bins:..., reverse-sigmoid:B,G, noise:S)");
        };
    }

    private static OutputPolicy noArgument(String name, String arg, OutputPolicy p) {
        if (arg != null) {
            throw new UsageException("output policy '" + name + "' takes no argument");
        }
        return p;
    }

    private static int integer(String name, String arg) {
        try {
            return Integer.parseInt(arg == null ? "" : arg);
        } catch (NumberFormatException e) {
            throw new UsageException("output policy '" + name + "' needs an integer argument (" + name + ":K)");
        }
    }

    private static double[] numbers(String name, String arg, int count) {
        String[] parts = arg == null ? new String[0] : arg.split(",", -1);
        if (parts.length != count) {
            throw new UsageException("output policy '" + name + "' needs " + count + " number(s)");
        }
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new UsageException("output policy '" + name + "': '" + parts[i] + "' is not a number");
            }
        }
        return v;
    }

    private static Bins bins(String arg) {
        String[] parts = arg == null ? new String[0] : arg.split(",", -1);
        if (parts.length < 3 || parts.length % 2 == 0) {
            throw new UsageException("bins needs NAME,CUT,NAME[,CUT,NAME...], e.g. bins:low,0.3,medium,0.7,high");
        }
        List<Bins.Bin> bins = new ArrayList<>();
        for (int i = 0; i < parts.length; i += 2) {
            double upper = Double.POSITIVE_INFINITY;
            if (i + 1 < parts.length) {
                upper = numbers("bins", parts[i + 1], 1)[0];
            }
            bins.add(new Bins.Bin(parts[i].strip(), upper, null));
        }
        return new Bins(bins);
    }

    private static Prediction full(double[] p, List<String> classes, double[] shown) {
        Map<String, Double> named = new LinkedHashMap<>();
        for (int c = 0; c < shown.length; c++) {
            named.put(classes.get(c), shown[c]);
        }
        return new Prediction(classes.get(argmax(p)), shown.length == 2 ? shown[1] : null, named, null, null);
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
