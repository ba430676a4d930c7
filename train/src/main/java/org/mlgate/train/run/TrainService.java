package org.mlgate.train.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.mlgate.core.Digest;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.PolicyException;
import org.mlgate.core.UsageException;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.LineageException;
import org.mlgate.lineage.RecordReader;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.provenance.ProvenanceRecorder;
import org.mlgate.lineage.store.LineageStore;
import org.mlgate.sign.VerificationFailure;
import org.mlgate.sign.Verifier;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.data.PublishedSchema;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.SchemaFiles;
import org.mlgate.train.data.Split;
import org.mlgate.train.data.Splitter;
import org.mlgate.train.data.Table;
import org.mlgate.train.data.TrainingInput;
import org.mlgate.train.dpsgd.DpSgdPlan;
import org.mlgate.train.dpsgd.NonPrivateTrainer;
import org.mlgate.train.dpsgd.PrivacyUnit;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.dpsgd.TrainingRandomness;
import org.mlgate.train.metrics.Evaluation;
import org.mlgate.train.metrics.Metrics;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.ModelFiles;
import org.mlgate.train.privacy.Accountant;
import org.mlgate.train.privacy.AccountingQuery;
import org.mlgate.train.robust.AdversarialTraining;
import org.mlgate.train.robust.PgdSweep;
import org.mlgate.train.robust.TabularConstraints;
import org.mlgate.train.sandbox.Isolation;
import org.mlgate.train.sandbox.IsolationProof;
import org.mlgate.train.sandbox.Sandbox;
import org.mlgate.train.sanitize.Sanitizer;

/**
 * Training as a core API: what {@code mlgate train} (and later the pipeline) calls. The caller's process is the
 * trusted parent; only the fit runs in the untrusted, sandboxed {@link TrainWorker}.
 *
 * <ol>
 *   <li>Preconditions, before a row is read: the data file exists, {@code --out} is absent or empty and its folder
 *       writable (the staging folder is created there), the trace and split destinations are writable, the
 *       lineage store is open (the caller opened it), the sandbox is proven to isolate ({@link IsolationProof}),
 *       and the dataset's signature verifies.</li>
 *   <li>The parent hashes and reads the data, sanitises (with {@code --sanitize}), encodes, draws the split from
 *       SecureRandom and the DP-SGD plan (σ, q, steps), and hands the worker only the training rows and the
 *       plan, on its standard input.</li>
 *   <li>The worker returns weights and its step count; the parent re-checks them ({@link WorkerOutput}), evaluates
 *       the model on the validation rows itself, computes ε from its own plan, and writes the model, schema, card,
 *       provenance (and split) itself.</li>
 *   <li>The provenance is recorded in the lineage store, then the staged package is renamed into place. Any failure,
 *       SIGINT or SIGTERM removes the staging folder: nothing is left behind.</li>
 * </ol>
 */
public final class TrainService {
    public static final String BUILD_TYPE = "https://mlgate.dev/train/v1";
    public static final String SANITIZE_REPORT = "sanitize-report.json";
    public static final double TRAIN_FRACTION = 0.7;
    /** The one message for a run whose loss or parameters stopped being finite. */
    public static final String DIVERGED = "training diverged: the loss or a parameter is no longer finite (lower "
            + "--lr); nothing was written";
    /** Bound on one progress line of the worker; longer lines are skipped. */
    private static final int MAX_LINE = 4096;

    private final Class<?> workerMain;

    public TrainService() {
        this(TrainWorker.class);
    }

    /** With another worker main class: tests run a hostile worker in the same sandbox. */
    TrainService(Class<?> workerMain) {
        this.workerMain = Objects.requireNonNull(workerMain, "workerMain");
    }

    /** What the run wrote: the card as published, the model folder, its provenance and the split file (or null). */
    public record Outcome(ModelCard card, Path out, Path provenance, Path split) { }

    /**
     * Runs the whole training; {@code progress} sees the worker's progress lines (shown, never recorded).
     *
     * @throws UsageException      bad options, schema or destination (exit 2)
     * @throws PolicyException     the dataset's signature does not verify (exit 1)
     * @throws IncompleteException the sandbox cannot be proven, data defects, a diverged or failed worker, I/O (3)
     */
    public Outcome train(TrainRequest r, LineageStore store, Consumer<TrainWorker.Progress> progress) {
        Objects.requireNonNull(store, "store");
        if (!Files.isRegularFile(r.data())) {
            throw new UsageException("no such data file: " + r.data());
        }
        writableDestination(r.trace(), "--trace");
        writableDestination(r.saveSplit(), "--save-split");
        try (Staging staging = Staging.beside(r.out())) {
            Sandbox.Spec spec = new Sandbox.Spec(r.isolation(), staging.workerDir(), List.of(), workerMain,
                    List.of(staging.workerDir().toAbsolutePath().toString()));
            if (r.isolation() == Isolation.BUBBLEWRAP) {
                IsolationProof.require(spec);
            }
            if (r.verification() != null) {
                try {
                    Verifier.verify(r.data(), r.verification());
                } catch (VerificationFailure f) {
                    throw new PolicyException("refused: the dataset's signature does not verify: " + f.getMessage(),
                            f);
                }
            }
            return run(r, store, staging, spec, progress);
        } catch (IOException e) {
            throw new IncompleteException("training could not complete: " + e.getMessage(), e);
        }
    }

    private Outcome run(TrainRequest r, LineageStore store, Staging staging, Sandbox.Spec spec,
                        Consumer<TrainWorker.Progress> progress) throws IOException {
        TrainJob job = r.job();
        Path data = r.data();
        ProvenanceRecorder provenance = ProvenanceRecorder.start(BUILD_TYPE);
        String dataSha = Digest.sha256(data).hex();
        provenance.uses(new Artifact(dataSha, ArtifactKind.DATASET, data.getFileName().toString()));
        TrainingInput.Read read = TrainingInput.read(new TrainingInput.Request(data,
                job.format() != null ? DataFormat.parse(job.format()) : DataFormat.of(data),
                job.schema() == null ? null : Path.of(job.schema()), job.label(), job.drop(), job.privacyUnit(),
                job.dp(), ReadLimits.DEFAULT));
        Table rows = read.table();
        int[] rowNumbers = identity(rows.rowCount());
        Path pkg = staging.packageDir();
        ModelCard.Sanitization sanitization = null;
        if (job.sanitize()) { // before encoding and splitting: removed rows are in neither split
            Sanitizer.Report report = Sanitizer.run(rows, read.schema(), job.sanitizeConfig());
            rowNumbers = kept(rowNumbers, report);
            rows = Sanitizer.clean(rows, report);
            sanitization = writeSanitizeReport(report, pkg.resolve(SANITIZE_REPORT));
            provenance.byproduct(SANITIZE_REPORT, sanitization.reportSha256(), "sanitize-report");
        }
        TrainingInput.Loaded loaded = read.encode(rows);
        Schema schema = loaded.schema();
        Dataset all = loaded.dataset();
        Split split = Splitter.secure().split(all, TRAIN_FRACTION);
        org.mlgate.train.model.TrainingData train = split.train().matrix();
        org.mlgate.train.model.TrainingData test = split.test().matrix();

        TrainingConfig config = job.trainingConfig(train.units() != null);
        DpSgdPlan plan = config.isPrivate() ? DpSgdPlan.of(config, unitCount(config, train)) : null;
        long plannedSteps = plan != null ? plan.steps() : NonPrivateTrainer.plannedSteps(config, train.rows());
        Model expected = job.model().equals("lr") ? LogisticRegression.create(train.features(), train.classes())
                : Mlp.create(train.features(), job.hiddenLayers(), train.classes());

        long t0 = System.nanoTime();
        int code = runWorker(spec, WorkerTask.of(job, plan, SchemaFiles.toJson(schema), train), train, staging,
                progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code == 2) {
            throw new UsageException("the training step refused its settings (see the message above)");
        }
        if (code != 0) {
            throw new IncompleteException("the training step did not complete (exit " + code + ", see the message "
                    + "above); nothing was written");
        }
        Model model = WorkerOutput.weights(staging.workerDir(), expected.architecture());
        TrainWorker.Result claimed = WorkerOutput.result(staging.workerDir());
        if (claimed.steps() != plannedSteps) {
            throw new IncompleteException("the training step reports " + claimed.steps() + " steps, the plan has "
                    + plannedSteps + ": not believed; nothing was written");
        }
        Path traceFile = r.trace() != null ? WorkerOutput.trace(staging.workerDir()) : null;

        // Every published figure is the parent's own: metrics and robustness on rows the worker never saw.
        float[] probs = model.predictProbabilities(test.x(), test.rows());
        Evaluation ev = Metrics.evaluate(test.y(), probs, test.classes());
        TabularConstraints constraints = TabularConstraints.fromSchema(schema, Set.copyOf(job.immutable()),
                Set.copyOf(job.integer())).withScale(job.epsUnits().scale(train));
        AdversarialTraining adversarial = job.adversarial() == null ? null : job.adversarial().training(constraints);
        ModelCard.Robustness robustness = robustness(job, adversarial, model, test, constraints);

        Path modelFile = pkg.resolve("model.safetensors");
        ModelFiles.save(model, modelFile);
        String modelSha = Digest.sha256(modelFile).hex();
        Path schemaFile = pkg.resolve("schema.json");
        SchemaFiles.write(schema, schemaFile);
        String unitName = plan == null ? null : plan.unit() == PrivacyUnit.USER
                ? job.privacyUnit() != null ? job.privacyUnit() : schema.privacyUnit() : "row";
        ModelCard.Privacy privacy = plan == null ? null : privacy(plan, unitName);
        SplitRecord splitRecord = splitRecord(split, rowNumbers, dataSha, all.hasUnits() ? schema.privacyUnit() : null);
        byte[] splitBytes = CanonicalJson.bytes(splitRecord);
        String splitSha = Digest.sha256(splitBytes).hex();

        ModelCard card = new ModelCard(ModelCard.FORMAT, provenance.runId(),
                new ModelCard.ModelInfo(job.model(), train.features(), job.hiddenLayers(), all.classes(),
                        "model.safetensors", modelSha),
                new ModelCard.DataInfo(data.getFileName().toString(), dataSha, train.rows(), test.rows(),
                        loaded.schemaInferred(), loaded.clippedCells()),
                PublishedSchema.of(schema),
                new ModelCard.Metrics(ev.accuracy(), ev.rocAuc(), ev.prAuc(), ev.brier(), ev.rows()),
                privacy, r.isolation().label(),
                new ModelCard.TrainingInfo(config.epochs(), plannedSteps, plan != null ? plan.expectedBatchSize()
                        : null, TrainingRandomness.secure().description(), seconds),
                robustness, sanitization);
        Path cardFile = pkg.resolve("model-card.json");
        Files.write(cardFile, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(card));

        provenance.parameters(parameters(job, config, plan, train.rows(), sanitization, splitSha, r.isolation()));
        if (privacy != null) {
            provenance.internalParameter("privacy", privacy);
        }
        provenance.byproduct("model-card.json", Digest.sha256(cardFile).hex(), "model-card");
        provenance.byproduct("schema.json", Digest.sha256(schemaFile).hex(), "schema");
        byte[] statement = CanonicalJson.bytes(provenance.finish(List.of(new Artifact(modelSha, ArtifactKind.MODEL,
                "model.safetensors"))));
        Files.write(pkg.resolve("provenance.json"), statement);

        // Recorded before the package is placed: a store failure leaves nothing behind.
        try {
            store.record(RecordReader.read(statement, "provenance.json", null, ArtifactKind.MODEL));
        } catch (LineageException | SQLException e) {
            throw new IncompleteException("the provenance could not be recorded in the lineage store: "
                    + e.getMessage() + "; nothing was written", e);
        }
        if (r.saveSplit() != null) {
            Path staged = staging.file("split.json");
            Files.write(staged, splitBytes); // canonical: sha256sum of the file is the provenance's split_sha256
            Staging.place(staged, r.saveSplit());
        }
        if (traceFile != null) {
            Staging.place(traceFile, r.trace());
        }
        staging.commit();
        Path out = r.out().toAbsolutePath().normalize();
        return new Outcome(card, out, out.resolve("provenance.json"), r.saveSplit());
    }

    /** Feeds the task on the worker's stdin, relays its progress lines, waits for it. */
    private static int runWorker(Sandbox.Spec spec, WorkerTask task, org.mlgate.train.model.TrainingData train,
                                 Staging staging, Consumer<TrainWorker.Progress> progress) {
        Process p = Sandbox.start(spec);
        staging.worker(p);
        AtomicReference<IOException> feedFailure = new AtomicReference<>();
        Thread feeder = Thread.ofPlatform().name("mlgate-train-feed").start(() -> {
            try (OutputStream o = new BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
                task.write(train, o);
            } catch (IOException e) {
                feedFailure.set(e);
            }
        });
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = p.getInputStream()) {
            String line;
            while ((line = boundedLine(in)) != null) {
                if (line.startsWith("{\"epoch\"")) {
                    try {
                        progress.accept(json.readValue(line, TrainWorker.Progress.class));
                    } catch (IOException malformed) {
                        // a progress line the parent cannot read is not shown; nothing depends on it
                    }
                }
            }
            int code = p.waitFor();
            feeder.join();
            if (code == 0 && feedFailure.get() != null) {
                throw new IncompleteException("the training rows could not be handed to the worker: "
                        + feedFailure.get().getMessage(), feedFailure.get());
            }
            return code;
        } catch (IOException e) {
            p.destroyForcibly();
            throw new IncompleteException("lost contact with the training step: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IncompleteException("training interrupted; nothing was written", e);
        }
    }

    /** One line of at most {@link #MAX_LINE} bytes (longer lines come back empty), or null at the end. */
    private static String boundedLine(InputStream in) throws IOException {
        byte[] buf = new byte[MAX_LINE];
        int n = 0;
        boolean overflow = false;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (n < MAX_LINE) {
                buf[n++] = (byte) b;
            } else {
                overflow = true;
            }
        }
        if (b == -1 && n == 0) {
            return null;
        }
        return overflow ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    private static int unitCount(TrainingConfig config, org.mlgate.train.model.TrainingData train) {
        var dp = (TrainingConfig.Privacy.Dp) config.privacy();
        if (dp.unit() == PrivacyUnit.USER) {
            return train.groupUnits().count();
        }
        return train.rows();
    }

    /** The card's (and the provenance's) privacy claim: ε by the plan's accountant for the plan's steps. */
    static ModelCard.Privacy privacy(DpSgdPlan plan, String unitName) {
        double epsilon = Accountant.of(plan.accountant()).epsilon(AccountingQuery.builder()
                .samplingRate(plan.samplingRate()).noiseMultiplier(plan.noiseMultiplier()).steps(plan.steps())
                .delta(plan.delta()).build()).value();
        return new ModelCard.Privacy(epsilon, plan.delta(), plan.accountant().name().toLowerCase(java.util.Locale.ROOT),
                plan.samplingRate(), plan.noiseMultiplier(), plan.steps(), plan.clipNorm(), unitName, plan.units());
    }

    private static TrainParameters parameters(TrainJob job, TrainingConfig config, DpSgdPlan plan, int rows,
                                              ModelCard.Sanitization sanitization, String splitSha,
                                              Isolation isolation) {
        var adv = job.adversarial();
        int batch = plan != null ? plan.expectedBatchSize()
                : Math.min(rows, config.expectedBatchSize().orElse(DpSgdPlan.defaultBatch(rows)));
        return new TrainParameters(job.model(), job.hiddenLayers(), config.epochs(),
                job.optimizer() == null ? "adam" : job.optimizer(), config.optimizer().learningRate(), batch,
                config.clipNorm(), job.dp(), job.dp() ? job.targetEpsilon() : null,
                job.dp() ? job.accountant() == null ? "rdp" : job.accountant() : null, job.privacyUnit(),
                adv == null ? null : adv.label(), adv == null ? null : adv.epsilon(), adv == null ? null : adv.steps(),
                adv == null ? null : adv.ratio(), adv == null ? null : adv.attack() == AdversarialTraining.Attack.PGD,
                job.epsUnits().label(), job.immutable().isEmpty() ? null : job.immutable(),
                job.integer().isEmpty() ? null : job.integer(), job.sanitize(),
                sanitization == null ? null : sanitization.expectedPoisonRate(),
                sanitization == null ? null : sanitization.removedTotal(), TRAIN_FRACTION, splitSha,
                isolation.label());
    }

    private static SplitRecord splitRecord(Split split, int[] rowNumbers, String dataSha, String unit) {
        int[] train = new int[split.trainRows().length];
        int[] validation = new int[split.testRows().length];
        for (int i = 0; i < train.length; i++) {
            train[i] = rowNumbers[split.trainRows()[i]];
        }
        for (int i = 0; i < validation.length; i++) {
            validation[i] = rowNumbers[split.testRows()[i]];
        }
        return new SplitRecord(SplitRecord.FORMAT, dataSha, unit, train, validation,
                unit == null ? null : distinct(split.train().units()),
                unit == null ? null : distinct(split.test().units()));
    }

    private static List<String> distinct(String[] units) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String u : units) {
            if (seen.add(u)) {
                out.add(u);
            }
        }
        return out;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** The row numbers of the rows the sanitiser kept, in order. */
    private static int[] kept(int[] rowNumbers, Sanitizer.Report report) {
        Set<Integer> removed = new HashSet<>();
        report.removed().forEach(x -> removed.add(x.row()));
        return java.util.stream.IntStream.range(0, rowNumbers.length).filter(i -> !removed.contains(i))
                .map(i -> rowNumbers[i]).toArray();
    }

    /**
     * The card's robustness section: how the model was trained against attacks and its PGD accuracy on the
     * validation split at the default radii, restarts drawn from SecureRandom.
     */
    private static ModelCard.Robustness robustness(TrainJob job, AdversarialTraining adversarial, Model model,
                                                   org.mlgate.train.model.TrainingData test,
                                                   TabularConstraints constraints) {
        PgdSweep sweep = PgdSweep.defaults();
        PgdSweep.Result r = sweep.run(model, test, constraints, new SecureRandom());
        String scale = job.epsUnits().describe("the training split");
        return new ModelCard.Robustness(adversarial == null ? "standard" : job.adversarial().label(),
                adversarial == null ? null : adversarial.eps(), adversarial == null ? null : adversarial.steps(),
                adversarial == null ? null : adversarial.stepSize(), adversarial == null ? null : adversarial.ratio(),
                adversarial == null ? null : adversarial.randomStart(), job.epsUnits(), scale, job.immutable(),
                job.integer(), new ModelCard.RobustAccuracy("validation", test.rows(), "pgd", sweep.steps(),
                        sweep.restarts(), r.cleanAccuracy(), r.cleanClassAccuracy(), r.points()));
    }

    /** Writes the sanitiser's report (every removed row); returns the card's summary of it. */
    private static ModelCard.Sanitization writeSanitizeReport(Sanitizer.Report report, Path file) throws IOException {
        Files.write(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report));
        return new ModelCard.Sanitization(report.rows(), report.removedTotal(), report.budget(), report.byDetector(),
                report.flaggedByDetector(), report.representation(), report.notes(),
                report.expectedPoisonRate(), file.getFileName().toString(), Digest.sha256(file).hex());
    }

    /** A destination file's folder must exist or be creatable and be writable; the file must not be a folder. */
    private static void writableDestination(Path file, String option) {
        if (file == null) {
            return;
        }
        Path f = file.toAbsolutePath().normalize();
        if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException(option + " " + file + " is a folder");
        }
        try {
            Files.createDirectories(f.getParent());
        } catch (IOException e) {
            throw new IncompleteException("cannot create the folder of " + option + " " + file + ": "
                    + org.mlgate.core.IoErrors.reason(e),
                    e);
        }
        if (!Files.isWritable(f.getParent())) {
            throw new IncompleteException("cannot write " + option + " " + file + ": its folder is not writable");
        }
    }
}
