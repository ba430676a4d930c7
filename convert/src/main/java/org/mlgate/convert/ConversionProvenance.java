package org.mlgate.convert;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mlgate.core.Digest;
import org.mlgate.core.IncompleteException;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.provenance.ProvenanceRecorder;
import org.mlgate.scan.FileResult;

/**
 * The provenance of a conversion, so that a converted model stays linked to the checkpoint (and through it to the
 * training run) it came from: an in-toto SLSA v1 statement whose dependencies are the scanned input files by the
 * SHA-256 the scanner computed over the bytes it judged (the conversion must run with digests on), and whose
 * subjects are the written safetensors files (and the shard index) by SHA-256, all of kind {@code model}.
 */
public final class ConversionProvenance {
    public static final String BUILD_TYPE = "https://mlgate.dev/convert/v1";

    /** The conversion's settings. */
    public record Parameters(@JsonProperty("verify") boolean verify, @JsonProperty("sharded") boolean sharded) { }

    private ConversionProvenance() {
    }

    /** The statement for {@code r}; every input must carry a digest. */
    public static byte[] statement(Checkpoints.Result r) {
        ProvenanceRecorder rec = ProvenanceRecorder.start(BUILD_TYPE)
                .parameters(new Parameters(r.verified(), r.index() != null));
        for (FileResult f : r.scans()) {
            if (f.sha256() == null) {
                throw new IllegalArgumentException("input " + f.path() + " was converted without its digest");
            }
            rec.uses(new Artifact(f.sha256().hex(), ArtifactKind.MODEL, Path.of(f.path()).getFileName().toString()));
        }
        List<Artifact> outputs = new ArrayList<>();
        for (Checkpoints.Written w : r.files()) {
            outputs.add(model(w.path()));
        }
        if (r.index() != null) {
            outputs.add(model(r.index()));
        }
        return CanonicalJson.bytes(rec.finish(outputs));
    }

    private static Artifact model(Path file) {
        try {
            return new Artifact(Digest.sha256(file).hex(), ArtifactKind.MODEL, file.getFileName().toString());
        } catch (IOException e) {
            throw new IncompleteException("cannot hash " + file + " for the provenance: "
                    + org.mlgate.core.IoErrors.reason(e), e);
        }
    }
}
