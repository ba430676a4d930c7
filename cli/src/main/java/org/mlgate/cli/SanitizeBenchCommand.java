package org.mlgate.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mlgate.core.UsageException;
import org.mlgate.train.bench.SanitizeBench;
import org.mlgate.train.poison.Poisoning;
import org.mlgate.train.sanitize.Representation;
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
                + "true poison rate (at least 0.05, at most 0.2). Seeded: the same options print the same figures."},
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

    /** Three decimals, or "n/a (catches no fraud)" when there is no figure. */
    private static String figure(Double v) {
        return v == null ? "n/a (catches no fraud)" : String.format("%.3f", v);
    }
}
