package org.mlgate.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.data.Encoder;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.Schema;
import org.mlgate.train.metrics.Evaluation;
import org.mlgate.train.metrics.Metrics;
import org.mlgate.train.model.Model;
import org.mlgate.train.pkg.ModelPackage;
import org.mlgate.train.robust.EpsilonUnit;
import org.mlgate.train.robust.PgdSweep;
import org.mlgate.train.robust.TabularConstraints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate evaluate}: a trained model folder against a labelled data file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Evaluate a model trained by 'mlgate train' on a labelled data file.",
        description = {"Opens --model as a model package (refused, exit 1, when its files disagree: weights digest vs "
                + "the card, schema width vs the model, unknown fields or files), encodes --data with its schema.json "
                + "(numbers clipped into the declared bounds, and the clipped cells counted; unseen categories as the "
                + "schema says), predicts and prints accuracy, ROC-AUC, PR-AUC (average precision) and the Brier score.",
            "",
            "--robustness adds accuracy under a white-box PGD attack on every row (with its true label) at each "
                + "--pgd-epsilon: --steps steps of 2.5*eps/steps from the clean row, then --restarts more from random "
                + "points of the epsilon-ball; a row counts as robust only if every attempt fails. Epsilon is in "
                + "--eps-units: std (default) = epsilon x each encoded column's standard deviation on --data; range = "
                + "a share of each feature's declared [min, max]. One-hot categories stay one-hot, --immutable "
                + "features never change, --integer features stay integer, every value stays in its declared range."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:evaluated", "1:the model package is inconsistent (the message names file and field)",
            "2:usage error", "3:could not complete (data defects, unreadable files)"})
public final class EvaluateCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder written by "
            + "'mlgate train'.") Path model;
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled rows to evaluate on "
            + "(CSV, JSONL or ARFF), e.g. a held-out file.") Path data;
    @Option(names = "--data-format", paramLabel = "F", description = "csv, sklearn-csv, jsonl or arff (default: "
            + "from the file name).") String dataFormat;
    @picocli.CommandLine.Mixin
    ReportFormatOption format;
    @Option(names = "--robustness", description = "Also measure accuracy under PGD.") boolean robustness;
    @Option(names = "--pgd-epsilon", split = ",", paramLabel = "E", description = "Radii in --eps-units (default "
            + "0.05,0.1,0.2).") List<Double> pgdEpsilon;
    @Option(names = "--steps", paramLabel = "N", description = "PGD steps (default 20).") Integer steps;
    @Option(names = "--restarts", paramLabel = "N", description = "Random restarts after the clean start (default 1).")
    Integer restarts;
    @Option(names = "--eps-units", paramLabel = "std|range", description = "Unit of the radii: std (x each encoded "
            + "column's standard deviation on --data; default) or range (a share of the declared [min, max]).")
    String epsUnits;
    @Option(names = "--immutable", split = ",", paramLabel = "COL", description = "Features the attack may not "
            + "change (e.g. age).") List<String> immutable = new ArrayList<>();
    @Option(names = "--integer", split = ",", paramLabel = "COL", description = "Numeric features the attack must "
            + "keep integer.") List<String> integer = new ArrayList<>();

    /** The JSON document; {@code robustness} is null without {@code --robustness}. */
    public record Report(@JsonProperty("accuracy") double accuracy, @JsonProperty("roc_auc") double rocAuc,
                         @JsonProperty("pr_auc") double prAuc, @JsonProperty("brier") double brier,
                         @JsonProperty("rows") int rows, @JsonProperty("clipped_cells") long clippedCells,
                         @JsonProperty("robustness") Robustness robustness) { }

    /** Clean and PGD accuracy on --data; ε in {@code epsilon_units}, described by {@code epsilon_scale}. */
    public record Robustness(@JsonProperty("attack") String attack, @JsonProperty("steps") int steps,
                             @JsonProperty("restarts") int restarts,
                             @JsonProperty("epsilon_units") EpsilonUnit epsilonUnits,
                             @JsonProperty("epsilon_scale") String epsilonScale,
                             @JsonProperty("immutable") List<String> immutable,
                             @JsonProperty("integer") List<String> integer,
                             @JsonProperty("clean_accuracy") double cleanAccuracy,
                             @JsonProperty("classes") List<String> classes,
                             @JsonProperty("clean_class_accuracy") List<Double> cleanClassAccuracy,
                             @JsonProperty("pgd") List<PgdSweep.Point> pgd) { }

    @Override
    public Integer call() throws IOException {
        PgdSweep sweep = sweep();
        EpsilonUnit unit = epsUnits == null ? EpsilonUnit.STANDARDISED : EpsilonUnit.parse(epsUnits, "--eps-units");
        if (!Files.isRegularFile(data)) {
            throw new UsageException("no such data file: " + data);
        }
        ModelPackage pkg = ModelPackage.open(model);
        Schema schema = pkg.schema();
        DataFormat f = dataFormat != null ? DataFormat.parse(dataFormat) : DataFormat.of(data);
        Encoder.Encoded encoded = Encoder.encodeCounting(schema, f.read(data, ReadLimits.DEFAULT));
        Dataset d = encoded.dataset();
        Model m = pkg.modelCopy();
        var t = d.matrix();
        Evaluation ev = Metrics.evaluate(t.y(), m.predictProbabilities(t.x(), t.rows()), t.classes());
        Robustness robust = null;
        if (sweep != null) {
            TabularConstraints c = TabularConstraints.fromSchema(schema, Set.copyOf(immutable), Set.copyOf(integer))
                    .withScale(unit.scale(t));
            PgdSweep.Result pr = sweep.run(m, t, c, new SecureRandom());
            robust = new Robustness("pgd", sweep.steps(), sweep.restarts(), unit, unit.describe("the evaluated rows"),
                    List.copyOf(immutable), List.copyOf(integer), pr.cleanAccuracy(), d.classes(),
                    pr.cleanClassAccuracy(), pr.points());
        }
        Report r = new Report(ev.accuracy(), ev.rocAuc(), ev.prAuc(), ev.brier(), ev.rows(), encoded.clippedCells(),
                robust);
        Streams s = parent.streams();
        if (format.json()) {
            s.out().println(Json.pretty(r));
        } else {
            s.out().printf("%s on %s (%d rows): accuracy %.4f, ROC-AUC %.4f, PR-AUC %.4f, Brier %.4f%n", model, data,
                    r.rows(), r.accuracy(), r.rocAuc(), r.prAuc(), r.brier());
            if (r.clippedCells() > 0) {
                s.out().printf("  clipped %d numeric cell%s into the schema's declared bounds%n", r.clippedCells(),
                        r.clippedCells() == 1 ? "" : "s");
            }
            if (robust != null) {
                s.out().printf("robustness: PGD, %d steps, clean start + %d random restart%s; %s%s%n", robust.steps(),
                        robust.restarts(), robust.restarts() == 1 ? "" : "s", robust.epsilonScale(),
                        constraintsNote(robust));
                s.out().printf("  %-12s %.4f%s%n", "clean", robust.cleanAccuracy(),
                        perClass(robust.classes(), robust.cleanClassAccuracy()));
                for (PgdSweep.Point p : robust.pgd()) {
                    s.out().printf("  %-12s %.4f%s%n", "eps " + p.epsilon(), p.accuracy(),
                            perClass(robust.classes(), p.classAccuracy()));
                }
            }
        }
        return 0;
    }

    /** "   (class 'a' 0.99, class 'b' 0.62)": per-class robust accuracy, which matters for a rare class. */
    private static String perClass(List<String> classes, List<Double> shares) {
        StringBuilder sb = new StringBuilder("   (");
        for (int k = 0; k < classes.size(); k++) {
            sb.append(k == 0 ? "" : ", ").append(classes.get(k)).append(' ')
                    .append(shares.get(k) == null ? "n/a" : String.format("%.4f", shares.get(k)));
        }
        return sb.append(')').toString();
    }

    /** The PGD settings with --robustness (defaults for what is not given), null without; options need it. */
    private PgdSweep sweep() {
        if (!robustness) {
            if (pgdEpsilon != null || steps != null || restarts != null || epsUnits != null || !immutable.isEmpty()
                    || !integer.isEmpty()) {
                throw new UsageException("--pgd-epsilon, --steps, --restarts, --eps-units, --immutable and --integer "
                        + "need --robustness");
            }
            return null;
        }
        return new PgdSweep(pgdEpsilon != null ? pgdEpsilon : PgdSweep.DEFAULT_EPSILONS,
                steps != null ? steps : PgdSweep.DEFAULT_STEPS, restarts != null ? restarts : PgdSweep.DEFAULT_RESTARTS);
    }

    private static String constraintsNote(Robustness r) {
        return (r.immutable().isEmpty() ? "" : "; immutable " + String.join(",", r.immutable()))
                + (r.integer().isEmpty() ? "" : "; integer " + String.join(",", r.integer()));
    }
}
