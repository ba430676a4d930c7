package org.mlgate.train.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mlgate.core.Digest;
import org.mlgate.core.IncompleteException;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.provenance.ProvenanceRecorder;

/**
 * Provenance of the commands that make datasets, so that the lineage graph of {@code data fraud} → {@code sanitize}
 * → {@code train} has no missing edge: each is an in-toto SLSA v1 statement (canonical JSON) whose subject is the
 * written dataset by SHA-256 (kind {@code dataset}) and whose dependencies are the datasets read. Record it with
 * {@code mlgate lineage record}.
 */
public final class DatasetProvenance {
    public static final String FRAUD_BUILD_TYPE = "https://mlgate.dev/data-fraud/v1";
    public static final String SANITIZE_BUILD_TYPE = "https://mlgate.dev/sanitize/v1";

    private DatasetProvenance() {
    }

    /** {@code mlgate data fraud}'s inputs: the generator's settings (the dataset is a function of them). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FraudParameters(@JsonProperty("rows") int rows, @JsonProperty("seed") long seed,
                                  @JsonProperty("format") String format, @JsonProperty("poison") String poison,
                                  @JsonProperty("poison_rate") Double poisonRate) { }

    /** {@code mlgate sanitize}'s settings and what it removed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SanitizeParameters(@JsonProperty("expected_poison_rate") double expectedPoisonRate,
                                     @JsonProperty("max_removal_rate") double maxRemovalRate,
                                     @JsonProperty("detectors") List<String> detectors,
                                     @JsonProperty("representation") String representation,
                                     @JsonProperty("rows") int rows, @JsonProperty("removed") int removed) { }

    /** The statement for a generated fraud dataset written to {@code out}. */
    public static byte[] fraud(FraudParameters p, Path out) {
        ProvenanceRecorder r = ProvenanceRecorder.start(FRAUD_BUILD_TYPE).parameters(p);
        return CanonicalJson.bytes(r.finish(List.of(dataset(out))));
    }

    /**
     * The statement for {@code mlgate sanitize}: {@code input} (hashed by the caller before reading, so the digest
     * is of the bytes that were read) → {@code output}, with the report (when written) as a byproduct.
     */
    public static byte[] sanitized(Path input, String inputSha256, Path output, Path report, SanitizeParameters p) {
        ProvenanceRecorder r = ProvenanceRecorder.start(SANITIZE_BUILD_TYPE).parameters(p)
                .uses(new Artifact(inputSha256, ArtifactKind.DATASET, input.getFileName().toString()));
        if (report != null) {
            r.byproduct(report.getFileName().toString(), sha256(report), "sanitize-report");
        }
        return CanonicalJson.bytes(r.finish(List.of(dataset(output))));
    }

    private static Artifact dataset(Path file) {
        return new Artifact(sha256(file), ArtifactKind.DATASET, file.getFileName().toString());
    }

    private static String sha256(Path file) {
        try {
            return Digest.sha256(file).hex();
        } catch (IOException e) {
            throw new IncompleteException("cannot hash " + file + " for its provenance: "
                    + org.mlgate.core.IoErrors.reason(e), e);
        }
    }
}
