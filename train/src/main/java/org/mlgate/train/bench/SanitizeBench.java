package org.mlgate.train.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.train.data.Encoder;
import org.mlgate.train.data.FraudConfig;
import org.mlgate.train.data.FraudGenerator;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.Table;
import org.mlgate.train.dpsgd.NonPrivateTrainer;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.dpsgd.TrainingRandomness;
import org.mlgate.train.metrics.Metrics;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;
import org.mlgate.train.poison.Poisoning;
import org.mlgate.train.poison.Trigger;
import org.mlgate.train.sanitize.Detector;
import org.mlgate.train.sanitize.Representation;
import org.mlgate.train.sanitize.SanitizeConfig;
import org.mlgate.train.sanitize.SanitizeRandomness;
import org.mlgate.train.sanitize.Sanitizer;

/**
 * What the poisoning defences buy on seeded poisoned versions of the synthetic fraud data: for each poisoning,
 * the share of poisoned rows removed and of clean rows removed, per detector alone and all combined, and the effect
 * on models trained on the poisoned and on the sanitised data — the backdoor success rate (triggered held-out fraud
 * the model would otherwise catch, now let through) or the held-out ROC-AUC for label flips. The held-out set is a
 * separate clean dataset (another seed, other customers). Seeded end to end, so figures are reproducible. Figures,
 * never pass/fail.
 */
public final class SanitizeBench {
    public static final String LABEL = "is_fraud";

    /** What to run. */
    public record Settings(int rows, int testRows, long seed, Representation representation,
                           List<Poisoning> poisonings, List<String> models) {
        public Settings {
            poisonings = List.copyOf(poisonings);
            models = List.copyOf(models);
        }
    }

    /** Removal by one detector alone, or by all ({@code "combined"}). */
    public record Removal(@JsonProperty("detector") String detector,
                          @JsonProperty("poison_removed") double poisonRemoved,
                          @JsonProperty("clean_removed") double cleanRemoved, @JsonProperty("removed") int removed) { }

    /**
     * A model trained on clean, poisoned and sanitised data. For a backdoor the figures are backdoor success
     * rates (null when the model catches none of the held-out fraud, so there is nothing to let through); for
     * label flips held-out ROC-AUC.
     */
    public record ModelEffect(@JsonProperty("model") String model, @JsonProperty("measure") String measure,
                              @JsonProperty("clean") Double clean, @JsonProperty("poisoned") Double poisoned,
                              @JsonProperty("sanitised") Double sanitised) {
        public ModelEffect {
            clean = clean == null || clean.isNaN() ? null : clean;
            poisoned = poisoned == null || poisoned.isNaN() ? null : poisoned;
            sanitised = sanitised == null || sanitised.isNaN() ? null : sanitised;
        }
    }

    public record Scenario(@JsonProperty("poisoning") String poisoning, @JsonProperty("rows") int rows,
                           @JsonProperty("poisoned") int poisoned,
                           @JsonProperty("expected_poison_rate") double expectedPoisonRate,
                           @JsonProperty("removal") List<Removal> removal,
                           @JsonProperty("effects") List<ModelEffect> effects,
                           @JsonProperty("seconds") double seconds) { }

    private SanitizeBench() {
    }

    /** The grid: two backdoor triggers at 1/3/5/10 %, random and targeted flips at 5/10/20/40 %. */
    public static List<Poisoning> standardPoisonings() {
        List<Poisoning> p = new ArrayList<>();
        for (Trigger t : List.of(Trigger.EXACT_AMOUNT, Trigger.CARD_PRESENT_ONLINE)) {
            for (double r : new double[] {0.01, 0.03, 0.05, 0.10}) {
                p.add(new Poisoning.Backdoor(t, r, "1", "0"));
            }
        }
        for (double r : new double[] {0.05, 0.10, 0.20, 0.40}) {
            p.add(new Poisoning.RandomFlips(r, List.of("0", "1")));
        }
        for (double r : new double[] {0.05, 0.10, 0.20, 0.40}) {
            p.add(new Poisoning.TargetedFlips(r, "1", "0"));
        }
        return p;
    }

    /**
     * The expected poison rate the defences are told: the true share of poisoned rows, but at least the default
     * (0.05) and at most 0.2 (the removal cap is twice that, at most 0.2).
     */
    static double expectedRate(int poisonedRows, int rows) {
        return Math.min(SanitizeConfig.MAX_REMOVAL_CAP, Math.max(SanitizeConfig.DEFAULT_POISON_RATE,
                (double) poisonedRows / rows));
    }

    public static List<Scenario> run(Settings s, PrintStream progress) {
        Schema schema = FraudGenerator.schema();
        Table train = generate(s.rows(), s.seed());
        Table test = generate(s.testRows(), s.seed() + 1);
        List<Scenario> out = new ArrayList<>();
        for (Poisoning p : s.poisonings()) {
            long start = System.nanoTime();
            progress.println("  " + p.describe() + " ...");
            RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(s.seed() * 31 + out.size());
            Poisoning.Poisoned poisoned = p.apply(train, LABEL, random);
            double expected = expectedRate(poisoned.poisoned().size(), poisoned.table().rowCount());
            SanitizeConfig base = SanitizeConfig.of(expected).withRepresentation(s.representation());
            List<Removal> removal = new ArrayList<>();
            for (Detector d : Detector.values()) {
                removal.add(removal(d.label(), Sanitizer.run(poisoned.table(), schema, base.withDetectors(Set.of(d)),
                        SanitizeRandomness.seededForTests(s.seed())), poisoned.poisoned()));
            }
            Sanitizer.Report combined = Sanitizer.run(poisoned.table(), schema,
                    base.withDetectors(EnumSet.allOf(Detector.class)), SanitizeRandomness.seededForTests(s.seed()));
            removal.add(removal("combined", combined, poisoned.poisoned()));
            Table sanitised = Sanitizer.clean(poisoned.table(), combined);
            List<ModelEffect> effects = new ArrayList<>();
            for (String m : s.models()) {
                effects.add(effect(p, m, schema, train, poisoned.table(), sanitised, test, s.seed()));
            }
            out.add(new Scenario(p.describe(), poisoned.table().rowCount(), poisoned.poisoned().size(), expected,
                    removal, effects, (System.nanoTime() - start) / 1e9));
        }
        return out;
    }

    /** Shares a run may not pass: clean rows removed, and the recall planted backdoors must keep. */
    public static final double MAX_CLEAN_REMOVED = 0.01;
    public static final double MIN_BACKDOOR_RECALL = 0.90;

    /**
     * One run of {@link #repeated}: fresh data and poison seeds, the defences at their defaults. {@code poisoning}
     * is {@code "none"} for clean data. Recall is null without poison; {@code recall_required} says whether the run
     * must reach {@link #MIN_BACKDOOR_RECALL} (backdoors: their triggers are evidence; flips at a steady rate are
     * label noise, which a model fitted to the data predicts, so their recall is reported, not required).
     */
    public record Run(@JsonProperty("run") int run, @JsonProperty("data_seed") long dataSeed,
                      @JsonProperty("poison_seed") long poisonSeed, @JsonProperty("poisoning") String poisoning,
                      @JsonProperty("rows") int rows, @JsonProperty("poisoned") int poisoned,
                      @JsonProperty("clean_removed") int cleanRemoved,
                      @JsonProperty("clean_removed_rate") double cleanRemovedRate,
                      @JsonProperty("recall") Double recall, @JsonProperty("recall_required") boolean recallRequired,
                      @JsonProperty("clean_removed_by_class") java.util.Map<String, Integer> cleanRemovedByClass,
                      @JsonProperty("clean_rows_by_class") java.util.Map<String, Integer> cleanRowsByClass,
                      @JsonProperty("seconds") double seconds) {
        /** Whether the run meets the target. */
        @JsonProperty("pass")
        public boolean pass() {
            return cleanRemovedRate <= MAX_CLEAN_REMOVED && (!recallRequired || recall >= MIN_BACKDOOR_RECALL);
        }
    }

    /**
     * {@code runs} runs of the defences at their default settings ({@link SanitizeConfig#of} at the default expected
     * rate, every detector, activations), each on fresh synthetic fraud data poisoned by the next of {@code cycle}
     * (null: clean), both seeds drawn from {@code seeds} (SecureRandom from the command line, printed so a run can be
     * replayed), the defences' own randomness from {@code randomness} (secure unless a test seeds it).
     */
    public static List<Run> repeated(int runs, int rows, List<Poisoning> cycle, RandomGenerator seeds,
                                     java.util.function.LongFunction<SanitizeRandomness> randomness,
                                     PrintStream progress) {
        Schema schema = FraudGenerator.schema();
        List<Run> out = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            long dataSeed = seeds.nextLong();
            long poisonSeed = seeds.nextLong();
            Poisoning p = cycle.get(r % cycle.size());
            Table clean = generate(rows, dataSeed);
            Poisoning.Poisoned poisoned = p == null ? new Poisoning.Poisoned(clean, java.util.Set.of())
                    : p.apply(clean, LABEL, RandomGeneratorFactory.of("L64X128MixRandom").create(poisonSeed));
            Sanitizer.Report report = Sanitizer.run(poisoned.table(), schema,
                    SanitizeConfig.of(SanitizeConfig.DEFAULT_POISON_RATE), randomness.apply(poisonSeed));
            int label = poisoned.table().indexOf(LABEL).orElseThrow();
            java.util.Map<String, Integer> cleanByClass = new java.util.TreeMap<>();
            java.util.Map<String, Integer> removedByClass = new java.util.TreeMap<>();
            for (int i = 0; i < poisoned.table().rowCount(); i++) {
                if (!poisoned.poisoned().contains(i)) {
                    String c = poisoned.table().rows().get(i)[label];
                    cleanByClass.merge(c, 1, Integer::sum);
                    removedByClass.putIfAbsent(c, 0);
                }
            }
            int tp = 0;
            for (Sanitizer.Removed x : report.removed()) {
                if (poisoned.poisoned().contains(x.row())) {
                    tp++;
                } else {
                    removedByClass.merge(poisoned.table().rows().get(x.row())[label], 1, Integer::sum);
                }
            }
            int cleanRows = poisoned.table().rowCount() - poisoned.poisoned().size();
            int cleanRemoved = report.removedTotal() - tp;
            Run run = new Run(r + 1, dataSeed, poisonSeed, p == null ? "none" : p.describe(),
                    poisoned.table().rowCount(), poisoned.poisoned().size(), cleanRemoved,
                    (double) cleanRemoved / cleanRows,
                    poisoned.poisoned().isEmpty() ? null : (double) tp / poisoned.poisoned().size(),
                    p instanceof Poisoning.Backdoor, removedByClass, cleanByClass, (System.nanoTime() - start) / 1e9);
            out.add(run);
            progress.printf("run %d/%d %s: clean removed %d (%.3f%%) %s%s -> %s (data seed %d, poison seed %d, "
                            + "%.1f s)%n", run.run(), runs, run.poisoning(), cleanRemoved, 100 * run.cleanRemovedRate(),
                    removedByClass, run.recall() == null ? "" : String.format(", recall %.3f", run.recall()),
                    run.pass() ? "pass" : "FAIL", dataSeed, poisonSeed, run.seconds());
        }
        return out;
    }

    /** Clean data and the backdoors of {@link #standardPoisonings}, then the flips: the cycle of {@link #repeated}. */
    public static List<Poisoning> repeatCycle(boolean withFlips) {
        List<Poisoning> cycle = new ArrayList<>();
        cycle.add(null);
        for (Poisoning p : standardPoisonings()) {
            if (withFlips || p instanceof Poisoning.Backdoor) {
                cycle.add(p);
            }
        }
        return java.util.Collections.unmodifiableList(cycle);
    }

    private static Table generate(int rows, long seed) {
        return FraudGenerator.table(new FraudGenerator(new FraudConfig(rows, seed)).generate());
    }

    private static Removal removal(String name, Sanitizer.Report r, Set<Integer> poison) {
        int tp = 0;
        for (Sanitizer.Removed x : r.removed()) {
            if (poison.contains(x.row())) {
                tp++;
            }
        }
        int clean = r.rows() - poison.size();
        return new Removal(name, poison.isEmpty() ? 0 : (double) tp / poison.size(),
                clean == 0 ? 0 : (double) (r.removedTotal() - tp) / clean, r.removedTotal());
    }

    private static ModelEffect effect(Poisoning p, String kind, Schema schema, Table clean, Table poisoned,
                                      Table sanitised, Table test, long seed) {
        Model onClean = train(kind, schema, clean, seed);
        Model onPoisoned = train(kind, schema, poisoned, seed);
        Model onSanitised = train(kind, schema, sanitised, seed);
        if (p instanceof Poisoning.Backdoor b) {
            Table triggered = triggered(test, b);
            return new ModelEffect(kind, "backdoor success", backdoorSuccess(onClean, schema, triggered, b),
                    backdoorSuccess(onPoisoned, schema, triggered, b), backdoorSuccess(onSanitised, schema, triggered, b));
        }
        return new ModelEffect(kind, "held-out ROC-AUC", auc(onClean, schema, test), auc(onPoisoned, schema, test),
                auc(onSanitised, schema, test));
    }

    static Model train(String kind, Schema schema, Table t, long seed) {
        TrainingData data = Encoder.encode(schema, t).matrix();
        Model m = kind.equals("mlp") ? Mlp.seededForTests(data.features(), List.of(32), data.classes(), seed)
                : LogisticRegression.create(data.features(), data.classes());
        return new NonPrivateTrainer(TrainingConfig.builder().build(), TrainingRandomness.seededForTests(seed))
                .train(m, data).model();
    }

    /** Held-out rows of the backdoor's source class, clean then with the trigger: pairs (i, i + n). */
    private static Table triggered(Table test, Poisoning.Backdoor b) {
        int label = test.indexOf(LABEL).orElseThrow();
        List<String[]> source = test.rows().stream().filter(r -> r[label].equals(b.sourceClass())).toList();
        List<String[]> rows = new ArrayList<>(source);
        for (String[] r : source) {
            String[] t = r.clone();
            b.trigger().apply(test, t);
            rows.add(t);
        }
        return Table.of(test.source(), test.columns(), rows);
    }

    /**
     * Backdoor success (attack success rate): of the held-out source-class rows the model classifies correctly
     * without the trigger, the share it assigns to the target class once the trigger is set. NaN when the model
     * catches none of them (then the backdoor is moot and the model useless).
     */
    static double backdoorSuccess(Model m, Schema schema, Table pairs, Poisoning.Backdoor b) {
        float[] p = probabilities(m, schema, pairs);
        int n = pairs.rowCount() / 2;
        int source = schema.label().classes().indexOf(b.sourceClass());
        int target = schema.label().classes().indexOf(b.targetClass());
        int caught = 0;
        int flipped = 0;
        for (int i = 0; i < n; i++) {
            if (argMax(p, i, m.classes()) == source) {
                caught++;
                flipped += argMax(p, i + n, m.classes()) == target ? 1 : 0;
            }
        }
        return caught == 0 ? Double.NaN : (double) flipped / caught;
    }

    private static float[] probabilities(Model m, Schema schema, Table t) {
        TrainingData d = Encoder.encode(schema, t).matrix();
        return m.predictProbabilities(d.x(), d.rows());
    }

    private static double auc(Model m, Schema schema, Table test) {
        TrainingData t = Encoder.encode(schema, test).matrix();
        return Metrics.evaluate(t.y(), m.predictProbabilities(t.x(), t.rows()), t.classes()).rocAuc();
    }

    private static int argMax(float[] p, int row, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (p[row * k + j] > p[row * k + best]) {
                best = j;
            }
        }
        return best;
    }
}
