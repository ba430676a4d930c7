package org.mlgate.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mlgate.core.UsageException;
import org.mlgate.train.bench.SanitizeBench;
import org.mlgate.train.poison.Poisoning;
import org.mlgate.train.sanitize.Representation;
import org.mlgate.train.sanitize.SanitizeRandomness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlgate bench sanitize}: detection rates and backdoor success on seeded poisoned fraud data. */
@Command(name = "sanitize", mixinStandardHelpOptions = true,
        description = {"Poisons seeded synthetic fraud data (backdoor triggers amount=777.77 and card_present=1 with "
                + "online=1 at 1/3/5/10%%; random label flips and fraud->legitimate flips at 5/10/20/40%%), runs every "
                + "detector alone and all combined, and prints the share of poisoned and of clean rows removed. "
                + "Models (logistic regression and an MLP with 32 hidden units) are trained on the clean, poisoned "
                + "and sanitised data: for backdoors it prints the backdoor success rate (held-out fraud the model "
                + "catches that the trigger lets through), for flips the held-out ROC-AUC. The defences are told the "
                + "true poison rate (at least 0.05, at most 0.2). Seeded: the same options print the same figures.",
                "",
                "With --repeat N it measures the defences at their DEFAULT settings over N runs instead, each on fresh "
                + "data with a fresh poisoning (data and poison seeds drawn from SecureRandom and printed, the defences' "
                + "own randomness secure), cycling through clean data and the poisonings above (--only narrows them): "
                + "per run the clean rows removed (by class) and the recall on the poison, and how many runs remove "
                + "at most 1%% of clean rows and, for backdoors, keep at least 90%% recall."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.BENCH_OK, ExitCodes.BENCH_USAGE, ExitCodes.BENCH_INCOMPLETE})
final class SanitizeBenchCommand implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand
    BenchCommand bench;

    @Option(names = "--rows", defaultValue = "20000", description = "clean training rows (default ${DEFAULT-VALUE})")
    int rows;
    @Option(names = "--test-rows", defaultValue = "20000", description = "held-out rows (default ${DEFAULT-VALUE})")
    int testRows;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the data and the poisoning (default "
            + "${DEFAULT-VALUE}).") long seed;
    @Option(names = "--representation", defaultValue = "activations", description = "activations or features "
            + "(default ${DEFAULT-VALUE})") String representation;
    @Option(names = "--only", paramLabel = "KIND", description = "backdoor, random-flips or targeted-flips")
    String only;
    @Option(names = "--models", split = ",", defaultValue = "lr,mlp", description = "lr, mlp (default ${DEFAULT-VALUE})")
    List<String> models = new ArrayList<>();
    @Option(names = "--repeat", paramLabel = "N", description = "runs at default settings on fresh data and poison "
            + "(see above); no models are trained") Integer repeat;
    @picocli.CommandLine.Mixin
    ReportFormatOption format;

    @Override
    public Integer call() throws IOException {
        if (rows < 2000 || testRows < 2000) {
            throw new UsageException("--rows and --test-rows must be at least 2000");
        }
        models = models.stream().map(m -> m.toLowerCase(java.util.Locale.ROOT)).toList();
        String kind = only == null ? null : only.toLowerCase(java.util.Locale.ROOT);
        for (String m : models) {
            if (!m.equals("lr") && !m.equals("mlp")) {
                throw new UsageException("--models takes lr and mlp, got '" + m + "'");
            }
        }
        List<Poisoning> poisonings = SanitizeBench.standardPoisonings().stream().filter(p -> kind == null
                || switch (kind) {
                    case "backdoor" -> p instanceof Poisoning.Backdoor;
                    case "random-flips" -> p instanceof Poisoning.RandomFlips;
                    case "targeted-flips" -> p instanceof Poisoning.TargetedFlips;
                    default -> throw new UsageException("--only takes backdoor, random-flips or targeted-flips");
                }).toList();
        Streams s = bench.parent.streams();
        if (repeat != null) {
            return repeated(poisonings, s);
        }
        List<SanitizeBench.Scenario> result = SanitizeBench.run(new SanitizeBench.Settings(rows, testRows, seed,
                Representation.parse(representation), poisonings, models), s.err());
        if (format.json()) {
            s.out().println(Json.pretty(result));
            return 0;
        }
        s.out().printf("synthetic fraud, %,d clean training rows, %,d held-out rows, seed %d, representation %s%n",
                rows, testRows, seed, representation);
        for (SanitizeBench.Scenario sc : result) {
            s.out().printf("%n%s: %,d of %,d rows poisoned; expected rate given %.2f (%.1f s)%n", sc.poisoning(),
                    sc.poisoned(), sc.rows(), sc.expectedPoisonRate(), sc.seconds());
            for (SanitizeBench.Removal r : sc.removal()) {
                s.out().printf("  %-22s poison removed %6.1f%%   clean removed %5.2f%%   (%,d rows)%n", r.detector(),
                        100 * r.poisonRemoved(), 100 * r.cleanRemoved(), r.removed());
            }
            for (SanitizeBench.ModelEffect e : sc.effects()) {
                s.out().printf("  %-4s %s: clean data %s, poisoned %s, sanitised %s%n", e.model(), e.measure(),
                        figure(e.clean()), figure(e.poisoned()), figure(e.sanitised()));
            }
        }
        return 0;
    }

    private int repeated(List<Poisoning> poisonings, Streams s) throws IOException {
        if (repeat < 1) {
            throw new UsageException("--repeat must be positive");
        }
        List<Poisoning> cycle = new ArrayList<>();
        cycle.add(null);
        cycle.addAll(poisonings);
        List<SanitizeBench.Run> runs = SanitizeBench.repeated(repeat, rows, java.util.Collections.unmodifiableList(
                cycle), new java.security.SecureRandom(), seed -> SanitizeRandomness.secure(), s.err());
        if (format.json()) {
            s.out().println(Json.pretty(runs));
            return 0;
        }
        double[] rates = runs.stream().mapToDouble(SanitizeBench.Run::cleanRemovedRate).sorted().toArray();
        s.out().printf("synthetic fraud, %,d clean rows per run, %d runs at default settings, fresh seeds%n", rows,
                runs.size());
        s.out().printf("runs passing (clean removed <= %.0f%%, backdoor recall >= %.0f%%): %d of %d%n",
                100 * SanitizeBench.MAX_CLEAN_REMOVED, 100 * SanitizeBench.MIN_BACKDOOR_RECALL,
                runs.stream().filter(SanitizeBench.Run::pass).count(), runs.size());
        s.out().printf("clean rows removed: median %.3f%%, 90th percentile %.3f%%, 99th %.3f%%, max %.3f%%%n",
                100 * quantile(rates, 0.5), 100 * quantile(rates, 0.9), 100 * quantile(rates, 0.99),
                100 * rates[rates.length - 1]);
        java.util.Map<String, int[]> byClass = new java.util.TreeMap<>();
        for (SanitizeBench.Run r : runs) {
            r.cleanRowsByClass().forEach((c, n) -> byClass.computeIfAbsent(c, k -> new int[2])[1] += n);
            r.cleanRemovedByClass().forEach((c, n) -> byClass.computeIfAbsent(c, k -> new int[2])[0] += n);
        }
        byClass.forEach((c, v) -> s.out().printf("  clean rows of class '%s' removed: %,d of %,d (%.3f%%)%n", c, v[0],
                v[1], 100.0 * v[0] / v[1]));
        java.util.Map<String, List<SanitizeBench.Run>> byKind = new java.util.LinkedHashMap<>();
        runs.forEach(r -> byKind.computeIfAbsent(r.poisoning(), k -> new ArrayList<>()).add(r));
        byKind.forEach((k, list) -> {
            double[] rec = list.stream().filter(r -> r.recall() != null).mapToDouble(SanitizeBench.Run::recall)
                    .sorted().toArray();
            s.out().printf("  %-40s %3d runs, %3d pass; clean removed max %.3f%%%s%n", k, list.size(),
                    list.stream().filter(SanitizeBench.Run::pass).count(),
                    100 * list.stream().mapToDouble(SanitizeBench.Run::cleanRemovedRate).max().orElse(0),
                    rec.length == 0 ? "" : String.format("; recall min %.3f, median %.3f%s", rec[0],
                            quantile(rec, 0.5), list.get(0).recallRequired() ? "" : " (reported, not required)"));
        });
        runs.stream().filter(r -> !r.pass()).forEach(r -> s.out().printf("  FAILED run %d: %s, data seed %d, "
                + "poison seed %d%n", r.run(), r.poisoning(), r.dataSeed(), r.poisonSeed()));
        return 0;
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** Three decimals, or "n/a (catches no fraud)" when there is no figure. */
    private static String figure(Double v) {
        return v == null ? "n/a (catches no fraud)" : String.format("%.3f", v);
    }
}
