package org.mlgate.train.pkg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.core.Digest;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.provenance.ProvenanceRecorder;
import org.mlgate.train.data.PublishedSchema;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.SchemaFiles;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.ModelFiles;
import org.mlgate.train.run.ModelCard;

/** Writes consistent model packages for tests (also used by the serve module's tests) (no training: seeded random weights), so each test breaks one thing. */
public final class Packages {
    private Packages() {
    }

    /** A logistic regression (or an MLP with {@code hidden}) over {@code schema}, with seeded weights. */
    public static Path write(Path dir, Schema schema, List<Integer> hidden, long seed) throws Exception {
        Files.createDirectories(dir);
        int features = schema.width();
        int classes = schema.label().classes().size();
        Model m = hidden.isEmpty() ? LogisticRegression.create(features, classes)
                : Mlp.seededForTests(features, hidden, classes, seed);
        var random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        float[] p = m.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextGaussian();
        }
        m.parametersChanged();
        Path weights = dir.resolve(ModelPackage.WEIGHTS);
        ModelFiles.save(m, weights);
        SchemaFiles.write(schema, dir.resolve(ModelPackage.SCHEMA));
        String sha = Digest.sha256(weights).hex();
        var provenance = ProvenanceRecorder.start("https://mlgate.dev/train/v1")
                .uses(new Artifact("ab".repeat(32), ArtifactKind.DATASET, "data.csv"))
                .finish(List.of(new Artifact(sha, ArtifactKind.MODEL, ModelPackage.WEIGHTS)));
        Files.write(dir.resolve(ModelPackage.PROVENANCE), CanonicalJson.bytes(provenance));
        ModelCard card = new ModelCard(ModelCard.FORMAT, "run-1",
                new ModelCard.ModelInfo(hidden.isEmpty() ? "lr" : "mlp", features, hidden, schema.label().classes(),
                        ModelPackage.WEIGHTS, sha),
                new ModelCard.DataInfo("data.csv", "ab".repeat(32), 100, 50, false, 0L), PublishedSchema.of(schema),
                new ModelCard.Metrics(0.9, 0.9, 0.9, 0.1, 50), null, "none",
                new ModelCard.TrainingInfo(1, 10L, null, "secure", 0.1), null, null);
        Files.write(dir.resolve(ModelPackage.CARD), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(card));
        return dir;
    }
}
