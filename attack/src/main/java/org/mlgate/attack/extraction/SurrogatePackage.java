package org.mlgate.attack.extraction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.mlgate.attack.oracle.AttackerData;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.Digest;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.IoErrors;
import org.mlgate.core.UsageException;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.provenance.ProvenanceRecorder;
import org.mlgate.train.data.PublishedSchema;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.SchemaFiles;
import org.mlgate.train.metrics.Evaluation;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.ModelFiles;
import org.mlgate.train.pkg.ModelPackage;
import org.mlgate.train.run.ModelCard;

/**
 * {@code --save-model DIR}: the extracted model as an mlgate model package over the target's public schema (same
 * feature names, label name and classes), so {@code mlgate evaluate} and {@code predict} judge it on their own. The
 * card says what it is (its {@code extraction} section: the target and its digest, the method, the query count, the
 * attacker pool, fidelity; {@code metrics} against the target's answers), and the provenance (build type
 * {@link #BUILD_TYPE}) names the target model and the attacker's files as the run's inputs by digest. Written into a
 * staging folder beside {@code DIR} and renamed into place, so {@code DIR} is the whole package or nothing; the
 * package is opened back with {@link ModelPackage#open} before it is placed.
 */
public final class SurrogatePackage {
    public static final String BUILD_TYPE = "https://mlgate.dev/attack/extraction/v1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SurrogatePackage() {
    }

    /** The provenance's {@code externalParameters}: how the attack was run. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Parameters(@JsonProperty("target") String target, @JsonProperty("method") String method,
                             @JsonProperty("surrogate_hidden") List<Integer> surrogateHidden,
                             @JsonProperty("rounds") int rounds, @JsonProperty("budget") long budget,
                             @JsonProperty("eval_points") int evalPoints, @JsonProperty("seed") long seed) { }

    /** Fails early (before any query) when {@code dir} is not absent or an empty folder, or its parent is missing. */
    public static void check(Path dir) {
        Path t = dir.toAbsolutePath().normalize();
        if (Files.exists(t, LinkOption.NOFOLLOW_LINKS) && (!Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)
                || !isEmpty(t))) {
            throw new UsageException("--save-model " + dir + " exists and is not an empty folder");
        }
        if (t.getParent() == null || !Files.isDirectory(t.getParent())) {
            throw new UsageException("--save-model " + dir + ": its parent folder does not exist");
        }
    }

    /** Writes the package; the result names the folder. */
    public static ExtractionResult write(Extraction.Outcome outcome, Target target, ExtractionOptions options,
                                        Path dir) {
        ExtractionResult r = outcome.result();
        if (outcome.model() == null || outcome.agreement() == null) {
            throw new IncompleteException("no model was extracted (" + (r.stopReason() == null ? "no answers"
                    : "stopped: " + r.stopReason()) + "), so nothing was written to " + dir);
        }
        check(dir);
        Path t = dir.toAbsolutePath().normalize();
        Path staging;
        try {
            staging = Files.createDirectory(t.getParent().resolve("." + t.getFileName() + ".staging-"
                    + HexFormat.of().toHexDigits(new java.security.SecureRandom().nextInt())));
        } catch (IOException e) {
            throw new IncompleteException("cannot write beside " + dir + ": " + IoErrors.reason(e), e);
        }
        try {
            writeInto(staging, outcome, target, options);
            ModelPackage.open(staging); // what is placed is a package mlgate itself accepts
            try {
                Files.move(staging, t, StandardCopyOption.ATOMIC_MOVE);
            } catch (DirectoryNotEmptyException e) {
                throw new UsageException(dir + " was filled by someone else during the attack; nothing was written", e);
            }
            staging = null;
        } catch (IOException e) {
            throw new IncompleteException("cannot write the extracted model to " + dir + ": " + IoErrors.reason(e), e);
        } finally {
            if (staging != null) {
                delete(staging);
            }
        }
        return r.withSavedModel(t.toString());
    }

    private static void writeInto(Path pkg, Extraction.Outcome outcome, Target target, ExtractionOptions options)
            throws IOException {
        ExtractionResult r = outcome.result();
        Model model = outcome.model();
        Schema schema = outcome.space().schema();
        ProvenanceRecorder provenance = ProvenanceRecorder.start(BUILD_TYPE);
        if (target.modelSha256() != null) {
            provenance.uses(new Artifact(target.modelSha256(), ArtifactKind.MODEL, target.oracle().describe()));
        }
        AttackerData pool = options.attackerPool();
        AttackerData eval = options.evalData();
        if (pool != null) {
            provenance.uses(new Artifact(pool.sha256(), ArtifactKind.DATASET, Path.of(pool.file()).getFileName()
                    .toString()));
        }
        if (eval != null) {
            provenance.uses(new Artifact(eval.sha256(), ArtifactKind.DATASET, Path.of(eval.file()).getFileName()
                    .toString()));
        }
        Path weights = pkg.resolve(ModelPackage.WEIGHTS);
        ModelFiles.save(model, weights);
        String sha = Digest.sha256(weights).hex();
        Path schemaFile = pkg.resolve(ModelPackage.SCHEMA);
        SchemaFiles.write(schema, schemaFile);
        Evaluation a = outcome.agreement();
        String kind = switch (model.architecture().kind()) {
            case LOGISTIC_REGRESSION -> "lr";
            case MLP -> "mlp";
        };
        ModelCard card = new ModelCard(ModelCard.FORMAT, provenance.runId(),
                new ModelCard.ModelInfo(kind, model.features(), model.architecture().hidden(),
                        schema.label().classes(), ModelPackage.WEIGHTS, sha),
                new ModelCard.DataInfo(pool == null ? "uniform" : Path.of(pool.file()).getFileName().toString(),
                        pool == null ? null : pool.sha256(), (int) Math.min(Integer.MAX_VALUE, r.queries()), a.rows(),
                        false, pool == null ? null : pool.clippedCells()),
                PublishedSchema.of(schema),
                new ModelCard.Metrics(a.accuracy(), a.rocAuc(), a.prAuc(), a.brier(), a.rows()),
                null, "none", null, null, null,
                new ModelCard.Extraction(target.oracle().describe(), target.modelSha256(), target.policy(),
                        r.observedOutput(), r.method(), r.queries(), r.evalQueries(),
                        pool == null ? "uniform" : pool.file(), pool == null ? null : pool.sha256(), r.fidelity(),
                        r.fidelityUniform(), eval == null ? null : eval.file(), eval == null ? null : eval.sha256(),
                        "target_answers", r.seed()));
        Path cardFile = pkg.resolve(ModelPackage.CARD);
        Files.write(cardFile, JSON.writeValueAsBytes(card));
        provenance.parameters(new Parameters(target.oracle().describe(), r.method(), options.surrogate(),
                options.rounds(), r.run().budget(), options.evalPoints(), r.seed()));
        provenance.byproduct(ModelPackage.CARD, Digest.sha256(cardFile).hex(), "model-card");
        provenance.byproduct(ModelPackage.SCHEMA, Digest.sha256(schemaFile).hex(), "schema");
        Files.write(pkg.resolve(ModelPackage.PROVENANCE), CanonicalJson.bytes(provenance.finish(List.of(
                new Artifact(sha, ArtifactKind.MODEL, ModelPackage.WEIGHTS)))));
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> l = Files.list(dir)) {
            return l.findAny().isEmpty();
        } catch (IOException e) {
            throw new IncompleteException("cannot list " + dir + ": " + IoErrors.reason(e), e);
        }
    }

    private static void delete(Path dir) {
        try {
            org.mlgate.core.FileTrees.delete(dir);
        } catch (IOException e) {
            // best effort: the staging folder's name says what it is
        }
    }
}
