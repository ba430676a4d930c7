package org.mlgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mlgate.core.ExitCode;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.PolicyException;
import org.mlgate.core.UsageException;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.LineageException;
import org.mlgate.lineage.RecordReader;
import org.mlgate.lineage.store.LineageStore;
import org.mlgate.sign.VerificationFailure;
import org.mlgate.sign.VerificationMethod;
import org.mlgate.sign.Verifier;
import org.mlgate.sign.VerifyOptions;
import org.mlgate.train.robust.EpsilonUnit;
import org.mlgate.train.run.ModelCard;
import org.mlgate.train.run.TrainJob;
import org.mlgate.train.run.TrainWorker;
import org.mlgate.train.sandbox.Isolation;
import org.mlgate.train.sandbox.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mlgate train}: checks the dataset's signature (with {@code --verify-key}), runs the training step in a
 * sandboxed child JVM ({@link TrainWorker}), then records the run's provenance in the lineage store.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Train a logistic regression or MLP, optionally with DP-SGD, in a network-less sandbox.",
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
            "The training step runs in a child JVM under 'unshare --net --mount': no network, and nothing writable "
                + "but --out. --no-sandbox trains without isolation (recorded in the model card)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:trained", "1:refused: the dataset's signature does not verify",
            "2:usage error (options, schema)", "3:could not complete (data file defects, sandbox unavailable, I/O)"})
public final class TrainCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Mixin
    LineageCommand.Db db;

    @Option(names = "--data", required = true, paramLabel = "FILE") Path data;
    @Option(names = "--data-format", paramLabel = "F", description = "csv, sklearn-csv, jsonl or arff (default: "
            + "from the file name)") String dataFormat;
    @Option(names = "--schema", paramLabel = "FILE") Path schema;
    @Option(names = "--label", paramLabel = "COLUMN") String label;
    @Option(names = "--drop", split = ",", paramLabel = "COLUMN", description = "With --label: columns the inferred "
            + "schema leaves out (identifiers such as a transaction id).") List<String> drop = new ArrayList<>();
    @Option(names = "--privacy-unit", paramLabel = "COLUMN", description = "User-level DP: sample and clip per "
            + "value of COLUMN (e.g. a customer id).") String privacyUnit;
    @Option(names = "--model", defaultValue = "lr", description = "lr or mlp (default ${DEFAULT-VALUE})") String model;
    @Option(names = "--hidden", split = ",", paramLabel = "N", description = "MLP hidden layer sizes, e.g. 64,32 "
            + "(default 64)") List<Integer> hidden = new ArrayList<>();
    @Option(names = "--dp", description = "Train with DP-SGD.") boolean dp;
    @Option(names = "--target-epsilon", paramLabel = "E") Double targetEpsilon;
    @Option(names = "--delta", paramLabel = "D", description = "default min(1e-5, n^-1.1)") Double delta;
    @Option(names = "--accountant", paramLabel = "rdp|pld") String accountant;
    @Option(names = "--clip", paramLabel = "C") Double clip;
    @Option(names = "--epochs", paramLabel = "N") Integer epochs;
    @Option(names = "--batch-size", paramLabel = "B", description = "Expected batch size.") Integer batchSize;
    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: Adam 0.05, SGD 0.1 with momentum 0.9).") Double lr;
    @Option(names = "--optimizer", paramLabel = "adam|sgd", description = "default adam") String optimizer;
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
    @Option(names = "--verify-key", paramLabel = "PUB.pem", description = "Refuse the dataset unless its signature "
            + "(--data-signature, default FILE.sig) verifies with one of these keys (repeatable).")
    List<Path> verifyKeys = new ArrayList<>();
    @Option(names = "--data-signature", paramLabel = "FILE") Path dataSignature;
    @Option(names = "--no-sandbox", description = "Train without the network-less sandbox.") boolean noSandbox;
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = {"-f", "--format"}, defaultValue = "text", description = "text or json (the model card)")
    String format;

    @Override
    public Integer call() throws IOException {
        SigningInputs.checkFormat(format);
        if (!Files.isRegularFile(data)) {
            throw new UsageException("no such data file: " + data);
        }
        if (Files.exists(out) && (!Files.isDirectory(out) || isNonEmpty(out))) {
            throw new UsageException(out + " exists and is not an empty folder");
        }
        Isolation isolation = noSandbox ? Isolation.NONE : Isolation.NETWORK_NAMESPACE;
        TrainJob job = new TrainJob(data.toAbsolutePath().toString(), dataFormat,
                schema == null ? null : schema.toAbsolutePath().toString(), label, drop, privacyUnit, model, hidden, dp,
                targetEpsilon, delta, accountant, clip, epochs, batchSize, lr, optimizer, trace != null,
                TrainJob.Adversarial.of(adversarial, advEpsilon, advSteps, advRatio),
                epsUnits == null ? null : EpsilonUnit.parse(epsUnits, "--eps-units"), immutable, integer, sanitize,
                expectedPoisonRate, out.toAbsolutePath().toString(), isolation.label());
        Streams s = parent.streams();
        if (!verifyKeys.isEmpty()) {
            try {
                Verifier.verify(data, new VerifyOptions(new VerificationMethod.Keys(SigningInputs.publicKeys(verifyKeys)),
                        dataSignature, List.of(), false, SigningInputs.threads(null)));
            } catch (VerificationFailure f) {
                throw new PolicyException("refused: the dataset's signature does not verify: " + f.getMessage(), f);
            }
        }
        boolean created = !Files.exists(out);
        Files.createDirectories(out);
        Path jobFile = out.resolve(".job.json");
        Files.write(jobFile, new ObjectMapper().writeValueAsBytes(job));
        int code;
        try {
            code = runWorker(new Sandbox.Spec(isolation, out, TrainWorker.class.getName(), List.of(jobFile.toString())),
                    s);
        } catch (IOException | RuntimeException e) {
            clean(out, created); // the sandbox could not start: leave nothing behind
            throw e;
        } finally {
            Files.deleteIfExists(jobFile);
        }
        if (code != 0) {
            clean(out, created);
            return code;
        }
        if (trace != null) {
            Files.move(out.resolve("trace.jsonl"), trace, StandardCopyOption.REPLACE_EXISTING);
        }
        ModelCard card = new ObjectMapper().readValue(out.resolve("model-card.json").toFile(), ModelCard.class);
        record(s, out.resolve("provenance.json"));
        if (format.equals("json")) {
            s.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(card));
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
                    : "") + ")");
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

    private int runWorker(Sandbox.Spec spec, Streams s) throws IOException {
        Process p = Sandbox.start(spec);
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains("\"epoch\"")) {
                    TrainWorker.Progress pr = json.readValue(line, TrainWorker.Progress.class);
                    s.err().printf("epoch %d/%d  step %d/%d  loss %.4f%s%n", pr.epoch(), pr.epochs(), pr.step(),
                            pr.steps(), pr.loss(), dp ? String.format("  epsilon %.3f", pr.epsilonSpent()) : "");
                }
            }
        }
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IncompleteException("training interrupted", e);
        }
    }

    private void record(Streams s, Path provenance) {
        try (LineageStore store = db.open(s)) {
            store.record(RecordReader.read(Files.readAllBytes(provenance), provenance.toString(), null,
                    ArtifactKind.MODEL));
        } catch (LineageException | SQLException | IOException e) {
            throw new IncompleteException("trained, but the provenance could not be recorded in the lineage store: "
                    + e.getMessage(), e);
        }
    }

    private static boolean isNonEmpty(Path dir) throws IOException {
        try (Stream<Path> l = Files.list(dir)) {
            return l.findAny().isPresent();
        }
    }

    /** A failed run leaves nothing: the folder's contents (and the folder, if this run created it). */
    private static void clean(Path out, boolean created) throws IOException {
        try (Stream<Path> w = Files.walk(out)) {
            for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
                if (created || !p.equals(out)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
