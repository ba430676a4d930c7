package org.mlgate.train.run;

import org.mlgate.core.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlgate.core.Digest;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.provenance.ProvenanceRecorder;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.data.PublishedSchema;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.SchemaFiles;
import org.mlgate.train.data.Table;
import org.mlgate.train.data.Split;
import org.mlgate.train.data.Splitter;
import org.mlgate.train.data.TrainingData;
import org.mlgate.train.dpsgd.JsonLinesTraceSink;
import org.mlgate.train.dpsgd.PrivacyUnit;
import org.mlgate.train.dpsgd.TraceSink;
import org.mlgate.train.dpsgd.Training;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.dpsgd.TrainingListener;
import org.mlgate.train.dpsgd.TrainingResult;
import org.mlgate.train.metrics.Evaluation;
import org.mlgate.train.metrics.Metrics;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.ModelFiles;
import org.mlgate.train.privacy.AccountantKind;
import org.mlgate.train.robust.AdversarialTraining;
import org.mlgate.train.robust.PgdSweep;
import org.mlgate.train.robust.TabularConstraints;
import org.mlgate.train.sanitize.Sanitizer;

/**
 * One training run, as the (sandboxed) worker performs it: load and encode the data, split 70/30 (stratified, by
 * privacy unit when there is one, secure randomness), train, evaluate on the held-out split, and write into the
 * output folder {@code model.safetensors}, {@code schema.json}, {@code model-card.json} and {@code provenance.json}
 * (an unsigned in-toto SLSA statement: data file → run → model, recorded as a side effect of the run), plus
 * {@code trace.jsonl} when asked and {@code sanitize-report.json} with {@code --sanitize} (which drops rows before
 * the encoding and the split). Adversarial training and the card's PGD evaluation share one set of constraints.
 */
public final class TrainRunner {
    public static final String BUILD_TYPE = "https://mlgate.dev/train/v1";
    public static final String SANITIZE_REPORT = "sanitize-report.json";
    public static final double TRAIN_FRACTION = 0.7;
    /** SGD defaults: learning rate 0.1 with momentum 0.9 (0.5 made a 2-layer MLP diverge on breast cancer). */
    static final double SGD_LR = 0.1;
    static final double SGD_MOMENTUM = 0.9;

    private TrainRunner() {
    }

    /** What the run wrote. */
    public record Outcome(ModelCard card, Path model, Path provenance) { }

    public static Outcome run(TrainJob job, TrainingListener listener) throws IOException {
        Path out = Path.of(job.out());
        Path data = Path.of(job.data());
        ProvenanceRecorder provenance = ProvenanceRecorder.start(BUILD_TYPE);
        String dataSha = Digest.sha256(data).hex();
        provenance.uses(new Artifact(dataSha, ArtifactKind.DATASET, data.getFileName().toString()));
        TrainingData.Read read = TrainingData.read(new TrainingData.Request(data,
                job.format() != null ? DataFormat.parse(job.format()) : DataFormat.of(data),
                job.schema() == null ? null : Path.of(job.schema()), job.label(), job.drop(), job.privacyUnit(), job.dp(),
                ReadLimits.DEFAULT));
        Table rows = read.table();
        ModelCard.Sanitization sanitization = null;
        if (job.sanitize()) { // before encoding and splitting: removed rows are in neither split
            Sanitizer.Report report = Sanitizer.run(rows, read.schema(), job.sanitizeConfig());
            rows = Sanitizer.clean(rows, report);
            sanitization = writeSanitizeReport(report, out.resolve(SANITIZE_REPORT));
            provenance.byproduct(SANITIZE_REPORT, sanitization.reportSha256(), "sanitize-report");
        }
        TrainingData.Loaded loaded = read.encode(rows);
        Dataset all = loaded.dataset();
        Split split = Splitter.secure().split(all, TRAIN_FRACTION);
        org.mlgate.train.model.TrainingData train = toTraining(split.train());
        org.mlgate.train.model.TrainingData test = toTraining(split.test());

        TrainingConfig config = config(job, train.units() != null);
        Model model = job.model().equals("lr") ? LogisticRegression.create(train.features(), train.classes())
                : Mlp.create(train.features(), job.hiddenLayers(), train.classes());
        // One scale for training and the card's evaluation: ε means the same in both.
        TabularConstraints constraints = TabularConstraints.fromSchema(loaded.schema(), Set.copyOf(job.immutable()),
                Set.copyOf(job.integer())).withScale(job.epsUnits().scale(train));
        AdversarialTraining adversarial = job.adversarial() == null ? null : job.adversarial().training(constraints);
        TrainingResult result;
        try (TraceSink trace = job.trace() ? JsonLinesTraceSink.create(out.resolve("trace.jsonl")) : TraceSink.NONE) {
            result = Training.run(config, adversarial, model, train, trace, listener);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        float[] probs = result.model().predictProbabilities(test.x(), test.rows());
        Evaluation ev = Metrics.evaluate(test.y(), probs, test.classes());

        Path modelFile = out.resolve("model.safetensors");
        ModelFiles.save(result.model(), modelFile);
        SchemaFiles.write(loaded.schema(), out.resolve("schema.json"));
        String modelSha = Digest.sha256(modelFile).hex();

        ModelCard.Robustness robustness = robustness(job, adversarial, result.model(), test, constraints);

        for (Map.Entry<String, Object> p : parameters(job, config, sanitization).entrySet()) {
            provenance.parameter(p.getKey(), p.getValue());
        }
        var statement = provenance.finish(List.of(new Artifact(modelSha, ArtifactKind.MODEL, "model.safetensors")));
        Path provenanceFile = out.resolve("provenance.json");
        writeAtomically(provenanceFile, CanonicalJson.bytes(statement));

        var plan = result.plan();
        ModelCard.Privacy privacy = plan == null ? null : new ModelCard.Privacy(result.epsilon().value(), plan.delta(),
                plan.accountant().name().toLowerCase(java.util.Locale.ROOT), plan.samplingRate(),
                plan.noiseMultiplier(), plan.steps(), plan.clipNorm(), plan.unit() == PrivacyUnit.USER
                        ? job.privacyUnit() != null ? job.privacyUnit() : loaded.schema().privacyUnit() : "row",
                plan.units());
        ModelCard card = new ModelCard(ModelCard.FORMAT, provenance.runId(),
                new ModelCard.ModelInfo(job.model(), train.features(), job.hiddenLayers(), all.classes(),
                        "model.safetensors", modelSha),
                new ModelCard.DataInfo(data.getFileName().toString(), dataSha, train.rows(), test.rows(),
                        loaded.schemaInferred(), loaded.clippedCells()),
                PublishedSchema.of(loaded.schema()),
                new ModelCard.Metrics(ev.accuracy(), ev.rocAuc(), ev.prAuc(), ev.brier(), ev.rows()),
                privacy, job.sandbox(),
                new ModelCard.TrainingInfo(config.epochs(), result.steps(), plan != null ? plan.expectedBatchSize()
                        : null, result.randomness(), result.seconds()),
                robustness, sanitization);
        writeAtomically(out.resolve("model-card.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(card));
        return new Outcome(card, modelFile, provenanceFile);
    }

    private static TrainingConfig config(TrainJob job, boolean hasUnits) {
        TrainingConfig.Builder b = TrainingConfig.builder();
        if (job.epochs() != null) {
            b.epochs(job.epochs());
        }
        if (job.batchSize() != null) {
            b.expectedBatchSize(job.batchSize());
        }
        if ("sgd".equals(job.optimizer())) {
            b.optimizer(new org.mlgate.train.optim.OptimizerConfig.SgdConfig(job.lr() != null ? job.lr() : SGD_LR,
                    SGD_MOMENTUM));
        } else if (job.lr() != null) {
            b.learningRate(job.lr());
        }
        if (job.clip() != null) {
            b.clipNorm(job.clip());
        }
        if (job.dp()) {
            b.dp(job.targetEpsilon());
            if (job.delta() != null) {
                b.delta(job.delta());
            }
            b.accountant("pld".equals(job.accountant()) ? AccountantKind.PLD : AccountantKind.RDP);
            b.privacyUnit(hasUnits ? PrivacyUnit.USER : PrivacyUnit.ROW);
        }
        return b.build();
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

    /** Writes the sanitiser's report (every removed row) atomically; returns the card's summary of it. */
    private static ModelCard.Sanitization writeSanitizeReport(Sanitizer.Report report, Path file) throws IOException {
        byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report);
        writeAtomically(file, json);
        return new ModelCard.Sanitization(report.rows(), report.removedTotal(), report.budget(), report.byDetector(),
                report.flaggedByDetector(), report.representation(), report.notes(),
                report.expectedPoisonRate(), file.getFileName().toString(), Digest.sha256(file).hex());
    }

    private static Map<String, Object> parameters(TrainJob job, TrainingConfig config,
                                                  ModelCard.Sanitization sanitization) {
        Map<String, Object> p = new HashMap<>();
        p.put("model", job.model());
        p.put("hidden", job.hiddenLayers());
        p.put("epochs", config.epochs());
        p.put("optimizer", job.optimizer() == null ? "adam" : job.optimizer());
        p.put("clip_norm", config.clipNorm());
        p.put("dp", job.dp());
        if (job.dp()) {
            p.put("target_epsilon", job.targetEpsilon());
            p.put("accountant", job.accountant() == null ? "rdp" : job.accountant());
        }
        if (job.privacyUnit() != null) {
            p.put("privacy_unit", job.privacyUnit());
        }
        if (job.adversarial() != null) {
            p.put("adversarial", job.adversarial().label());
            p.put("adv_epsilon", job.adversarial().epsilon());
            p.put("adv_steps", job.adversarial().steps());
            p.put("adv_ratio", job.adversarial().ratio());
            p.put("adv_random_start", job.adversarial().attack() == AdversarialTraining.Attack.PGD);
        }
        p.put("eps_units", job.epsUnits().label());
        if (!job.immutable().isEmpty()) {
            p.put("immutable", job.immutable());
        }
        if (!job.integer().isEmpty()) {
            p.put("integer", job.integer());
        }
        p.put("sanitize", job.sanitize());
        if (sanitization != null) {
            p.put("expected_poison_rate", sanitization.expectedPoisonRate());
            p.put("sanitize_removed", sanitization.removedTotal());
        }
        p.put("sandbox", job.sandbox());
        return p;
    }

    /** The encoder's rows as the trainer's flat float input, with privacy units as integer ids. */
    public static org.mlgate.train.model.TrainingData toTraining(Dataset d) {
        int rows = d.rows();
        int features = d.features();
        float[] x = new float[rows * features];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) d.x()[i][j];
            }
        }
        var t = org.mlgate.train.model.TrainingData.of(x, rows, features, d.y(), d.classes().size());
        if (!d.hasUnits()) {
            return t;
        }
        Map<String, Integer> ids = new HashMap<>();
        int[] units = new int[rows];
        for (int i = 0; i < rows; i++) {
            units[i] = ids.computeIfAbsent(d.units()[i], k -> ids.size());
        }
        return t.withUnits(units);
    }

    static void writeAtomically(Path target, byte[] bytes) {
        AtomicFiles.write(target, bytes);
    }
}
