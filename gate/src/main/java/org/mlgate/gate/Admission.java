package org.mlgate.gate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mlgate.core.UsageException;
import org.mlgate.core.Verdict;
import org.mlgate.sign.Verified;
import org.mlgate.sign.hash.Resource;

/**
 * A model the gate admitted: who signed it, what proves its files safe, and each signed file with its digest and
 * verdict. {@code modelDigest} is the digest the lineage graph knows the model by: the SHA-256 of
 * {@code model.safetensors} for an mlgate model package (the node training provenance creates), of the file itself
 * for a single-file model, and otherwise the OMS root digest of the folder.
 */
public record Admission(Path model, Verified signature, Evidence evidence, List<AdmittedFile> files) {
    static final String PACKAGE_WEIGHTS = "model.safetensors";

    public Admission {
        files = List.copyOf(files);
    }

    /** The digest the lineage graph knows this model by (see the class comment). */
    public String modelDigest() {
        if (!Files.isDirectory(model) && signature.resources().size() == 1) {
            return signature.resources().getFirst().sha256();
        }
        for (Resource r : signature.resources()) {
            if (r.name().equals(PACKAGE_WEIGHTS)) {
                return r.sha256();
            }
        }
        if (signature.rootDigest() == null) {
            throw new UsageException(model + ": a legacy bundle without a root digest names no model digest");
        }
        return signature.rootDigest();
    }

    /** One signed file: its name in the bundle, its SHA-256 and the verdict that admitted it (SAFE, or null unscanned). */
    public record AdmittedFile(String name, String sha256, Verdict verdict) { }

    /** What proved the files safe. */
    public sealed interface Evidence {
        /** Nothing: the signature alone was required. */
        record SignatureOnly() implements Evidence { }

        /** The gate scanned every file itself, with this scanner version, rule pack and policy. */
        record Scanned(String scanner, String rulePack, ScanAttestation.PolicyInfo policy) implements Evidence { }

        /** A scan attestation, signed by {@code signer}, made under {@code policy}. */
        record Attested(Path attestation, String signer, String scanner, ScanAttestation.PolicyInfo policy)
                implements Evidence { }
    }
}
