package org.mlgate.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mlgate.core.ExitCode;
import org.mlgate.lineage.store.LineageStore;
import org.mlgate.sign.VerificationMethod;
import org.mlgate.sign.VerifyOptions;
import org.mlgate.train.robust.EpsilonUnit;
import org.mlgate.train.run.ModelCard;
import org.mlgate.train.run.TrainJob;
import org.mlgate.train.run.TrainRequest;
import org.mlgate.train.run.TrainService;
import org.mlgate.train.sandbox.Isolation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mlgate train}: parses the options, opens the lineage store and calls {@link TrainService} (which checks
 * every precondition, reads, splits, runs the sandboxed fit and writes the package); prints the card.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Train a logistic regression or MLP, optionally with DP-SGD, in a proven sandbox.",
        description = {"Reads --data (CSV, JSONL, ARFF; --schema FILE with declared bounds, or --label COLUMN to "
                + "infer one — refused with --dp), splits 70/30 (by --privacy-unit when given), trains, evaluates on "
                + "the held-out 30%% and writes into --out: model.safetensors, schema.json, model-card.json and "
                + "provenance.json (an in-toto SLSA statement: data file -> run -> model), which is also recorded in "
                + "the lineage store. With --dp, DP-SGD (Poisson sampling, per-example or per-user clipping, secure "
                + "Gaussian noise) trains to exactly --target-epsilon by the named accountant.",
            "",
            "Robustness: --adversarial fgsm|pgd replaces --adv-ratio of the training rows by attacks against the "
                + "current model (PGD: --adv-steps steps of 2.5*eps/steps from a random start). Epsilon is in "
                + "--eps-units: std (the default without --dp) = epsilon x each encoded column's standard deviation on "
                + "the training split; range = a share of each feature's declared [min, max] (the default and the "
                + "only unit under --dp: standard deviations of private rows are not covered by the guarantee; "
                + "'std' is refused). --immutable and --integer name schema features an attack may not change or "
                + "must keep integer. Whether or not it trains adversarially, the model card's 'robustness' section "
                + "reports PGD accuracy on the validation split at epsilon 0.05, 0.1 and 0.2 in the same units (20 "
                + "steps, clean start plus 1 random restart) under the same constraints.",
            "",
            "Poisoning: --sanitize runs the detectors of 'mlgate sanitize' on the rows before the split, drops at "
                + "most twice --expected-poison-rate of them (at most 20%%), and writes sanitize-report.json into "
                + "--out and a 'sanitization' section into the card. Refused with --dp (which rows are dropped "
                + "depends on the other rows, outside the DP guarantee): run 'mlgate sanitize' first and train with "
                + "--dp on the cleaned file.",
            "",
            "The fit runs in a child JVM under bubblewrap (/usr/bin/bwrap): new user, PID, network, IPC and UTS "
                + "namespaces, a read-only root with only the system libraries, the JDK and mlgate, no host socket, "
                + "an empty environment, no capabilities; it receives only the training rows and returns only "
                + "weights, which are re-checked. Isolation is proven by a self-test before a row is read; if it "
                + "cannot be, training is refused (exit 3) unless --no-sandbox (recorded in the model card)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:trained", "1:refused: the dataset's signature does not verify",
            "2:usage error (options, schema)", "3:could not complete (data file defects, sandbox not proven, diverged run, lineage store, I/O)"})
public final class TrainCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Mixin
    LineageCommand.Db db;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The training data: CSV, JSONL or "
            + "ARFF.") Path data;
    @Option(names = "--data-format", paramLabel = "F", description = "csv, sklearn-csv, jsonl or arff (default: "
            + "from the file name)") String dataFormat;
    @Option(names = "--schema", paramLabel = "FILE", description = "A declared schema (mlgate-schema/v1): features "
            + "with bounds, label, dropped columns, privacy unit. Required with --dp.") Path schema;
    @Option(names = "--label", paramLabel = "COLUMN", description = "Without --schema: the label column; the schema "
            + "is inferred from the data (refused with --dp).") String label;
    @Option(names = "--drop", split = ",", paramLabel = "COLUMN", description = "With --label: columns the inferred "
            + "schema leaves out (identifiers such as a transaction id).") List<String> drop = new ArrayList<>();
    @Option(names = "--privacy-unit", paramLabel = "COLUMN", description = "User-level DP: sample and clip per "
            + "value of COLUMN (e.g. a customer id).") String privacyUnit;
    @Option(names = "--arch", defaultValue = "lr", paramLabel = "lr|mlp", description = "The model architecture: lr "
            + "(logistic regression) or mlp (default ${DEFAULT-VALUE}).") String model;
    @Option(names = "--hidden", split = ",", paramLabel = "N", description = "MLP hidden layer sizes, e.g. 64,32 "
            + "(default 64)") List<Integer> hidden = new ArrayList<>();
    @Option(names = "--dp", description = "Train with DP-SGD.") boolean dp;
    @Option(names = "--target-epsilon", paramLabel = "E", description = "With --dp: the epsilon the run spends "
            + "exactly.") Double targetEpsilon;
    @Option(names = "--delta", paramLabel = "D", description = "With --dp: delta (default min(1e-5, n^-1.1), n the "
            + "training rows or units).") Double delta;
    @Option(names = "--accountant", paramLabel = "rdp|pld", description = "With --dp: the privacy accountant "
            + "(default rdp).") String accountant;
    @Option(names = "--clip", paramLabel = "C", description = "With --dp: the per-example (or per-unit) clipping "
            + "norm.") Double clip;
    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training split.") Integer epochs;
    @Option(names = "--batch-size", paramLabel = "B", description = "Expected batch size.") Integer batchSize;
    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: Adam 0.05, SGD 0.1 with momentum 0.9).") Double lr;
    @Option(names = "--optimizer", paramLabel = "adam|sgd", description = "adam or sgd (default adam).")
    String optimizer;
    @Option(names = "--trace", paramLabel = "FILE", description = "JSON lines, one per step.") Path trace;
    @Option(names = "--adversarial", paramLabel = "fgsm|pgd", description = "Adversarial training (default: none).")
    String adversarial;
    @Option(names = "--adv-epsilon", paramLabel = "E", description = "Attack radius in --eps-units, in (0, 1] "
            + "(default 0.1).") Double advEpsilon;
    @Option(names = "--adv-steps", paramLabel = "N", description = "PGD steps (default 5; FGSM takes one).")
    Integer advSteps;
    @Option(names = "--adv-ratio", paramLabel = "R", description = "Share of training rows attacked (default 0.5).")
    Double advRatio;
    @Option(names = "--eps-units", paramLabel = "std|range", description = "Unit of epsilon for training and the "
            + "card's robustness figures: std = x the column's standard deviation on the training split (default "
            + "without --dp, refused with it), range = x the declared [min, max] (default with --dp).")
    String epsUnits;
    @Option(names = "--immutable", split = ",", paramLabel = "COL", description = "Features an attack may not "
            + "change (e.g. age).") List<String> immutable = new ArrayList<>();
    @Option(names = "--integer", split = ",", paramLabel = "COL", description = "Numeric features (linear scale, "
            + "integer min) an attack must keep integer.") List<String> integer = new ArrayList<>();
    @Option(names = "--sanitize", description = "Remove likely poisoned rows before training (refused with --dp).")
    boolean sanitize;
    @Option(names = "--expected-poison-rate", paramLabel = "R", description = "For --sanitize (default 0.05; at "
            + "most twice this share of rows is removed).") Double expectedPoisonRate;
    @Option(names = {"--public-key", "--verify-key"}, paramLabel = "PUB.pem", description = "Refuse the dataset "
            + "unless its signature (--data-signature, default FILE.sig) verifies with one of these keys (repeatable; "
            + "--verify-key is a synonym).")
    List<Path> verifyKeys = new ArrayList<>();
    @Option(names = "--data-signature", paramLabel = "FILE", description = "The dataset's signature bundle for "
            + "--public-key (default: the data file's name + .sig).") Path dataSignature;
    @Option(names = "--no-sandbox", description = "Train without the sandbox (recorded in the model card and "
            + "provenance).") boolean noSandbox;
    @Option(names = "--save-split", paramLabel = "FILE", description = "Write which data rows (0-based, the header "
            + "is not a row) trained the model and which were held out, as JSON ('train', 'validation' and, with a "
            + "privacy unit, 'train_units', 'validation_units').") Path saveSplit;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model folder to write (model."
            + "safetensors, schema.json, model-card.json, provenance.json).") Path out;
    @Mixin
    ReportFormatOption format;

    @Override
    public Integer call() throws IOException {
        TrainJob job = new TrainJob(data.toAbsolutePath().toString(), dataFormat,
                schema == null ? null : schema.toAbsolutePath().toString(), label, drop, privacyUnit, model, hidden, dp,
                targetEpsilon, delta, accountant, clip, epochs, batchSize, lr, optimizer, trace != null,
                TrainJob.Adversarial.of(adversarial, advEpsilon, advSteps, advRatio),
                epsUnits == null ? null : EpsilonUnit.parse(epsUnits, "--eps-units"), immutable, integer, sanitize,
                expectedPoisonRate, out.toAbsolutePath().toString(),
                (noSandbox ? Isolation.NONE : Isolation.BUBBLEWRAP).label());
        VerifyOptions verification = verifyKeys.isEmpty() ? null : new VerifyOptions(
                new VerificationMethod.Keys(SigningInputs.publicKeys(verifyKeys)), dataSignature, List.of(), false,
                SigningInputs.threads(null));
        Streams s = parent.streams();
        TrainService.Outcome o;
        try (LineageStore store = db.open(s)) { // opened (reachable) before a row is read
            o = new TrainService().train(new TrainRequest(job, data, out, trace, saveSplit, verification,
                    noSandbox ? Isolation.NONE : Isolation.BUBBLEWRAP), store, pr -> s.err().printf(
                    "epoch %d/%d  step %d/%d  loss %.4f%s%n", pr.epoch(), pr.epochs(), pr.step(), pr.steps(), pr.loss(),
                    dp ? String.format("  epsilon %.3f (rdp, running)", pr.epsilonSpent()) : ""));
        }
        ModelCard card = o.card();
        if (format.json()) {
            s.out().println(Json.pretty(card));
        } else {
            s.out().printf("trained %s on %s: accuracy %.4f, ROC-AUC %.4f, PR-AUC %.4f, Brier %.4f (validation, %d "
                            + "rows)%n", card.model().kind(), data, card.metrics().accuracy(), card.metrics().rocAuc(),
                    card.metrics().prAuc(), card.metrics().brier(), card.metrics().rows());
            if (card.privacy() != null) {
                s.out().printf("  DP-SGD: epsilon %.4f (delta %.3g, %s), sigma %.4f, q %.5f, %d steps, clip %.3g, per %s%n",
                        card.privacy().epsilon(), card.privacy().delta(), card.privacy().accountant(),
                        card.privacy().noiseMultiplier(), card.privacy().samplingRate(), card.privacy().steps(),
                        card.privacy().clipNorm(), card.privacy().privacyUnit());
            }
            if (card.sanitization() != null) {
                ModelCard.Sanitization z = card.sanitization();
                s.out().printf("  sanitized: removed %d of %d rows (budget %d, expected poison rate %s; %s); see %s%n",
                        z.removedTotal(), z.rows(), z.budget(), z.expectedPoisonRate(), z.byDetector(), z.report());
            }
            s.out().println("  " + robustnessLine(card.robustness(), card.model().classes()));
            s.out().println("  sandbox: " + card.sandbox() + "; wrote " + out + " (model.safetensors, model-card.json, "
                    + "schema.json, provenance.json" + (card.sanitization() != null ? ", " + card.sanitization().report()
                    : "") + ")" + (o.split() != null ? "; split in " + saveSplit : ""));
        }
        return ExitCode.OK.code();
    }

    /** One line: how it was trained against attacks and its PGD accuracy on the validation split. */
    static String robustnessLine(ModelCard.Robustness r, List<String> classes) {
        StringBuilder b = new StringBuilder("robustness: ");
        b.append(r.training().equals("standard") ? "standard training" : r.training() + " training at epsilon "
                + r.epsilon() + (r.training().equals("pgd") ? " x " + r.steps() + " steps" : "") + ", ratio "
                + r.ratio() + (Boolean.TRUE.equals(r.randomStart()) ? ", random start" : ""));
        ModelCard.RobustAccuracy e = r.evaluation();
        b.append("; validation accuracy ").append(String.format("%.3f", e.cleanAccuracy())).append(" clean");
        for (var p : e.pgd()) {
            b.append(String.format(", %.3f at PGD eps %s", p.accuracy(), p.epsilon()));
        }
        b.append(" (").append(r.epsilonUnits().label()).append(" units)");
        // Per class, clean then at the largest radius: a rare class's robust recall is what overall accuracy hides.
        var last = e.pgd().getLast();
        b.append("; per class, clean -> eps ").append(last.epsilon()).append(':');
        for (int k = 0; k < classes.size(); k++) {
            b.append(k == 0 ? " " : ", ").append(classes.get(k)).append(' ').append(figure(e.cleanClassAccuracy().get(k)))
                    .append(" -> ").append(figure(last.classAccuracy().get(k)));
        }
        return b.toString();
    }

    private static String figure(Double v) {
        return v == null ? "n/a" : String.format("%.3f", v);
    }
}
