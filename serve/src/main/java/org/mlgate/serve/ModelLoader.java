package org.mlgate.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.PolicyException;
import org.mlgate.core.UsageException;
import org.mlgate.gate.Admission;
import org.mlgate.gate.Gate;
import org.mlgate.gate.ScanRequirement;
import org.mlgate.serve.policy.OutputPolicy;
import org.mlgate.sign.VerifyOptions;
import org.mlgate.train.pkg.ModelPackage;

/**
 * Loads a model folder only through the gate: its signature verifies and every signed file scans SAFE (in-process or
 * by attestation), then the package is opened and its weights must still have the digest the gate admitted (a file
 * swapped between the two reads is refused). {@link Trust.InsecureSkipVerify} skips the gate, explicitly.
 */
public final class ModelLoader {
    /** How a model must be proven before it is served. */
    public sealed interface Trust {
        record Gated(VerifyOptions verify, ScanRequirement scan) implements Trust { }

        record InsecureSkipVerify() implements Trust { }
    }

    private ModelLoader() {
    }

    public static ServedModel load(String name, Path dir, Trust trust, OutputPolicy policy) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--model " + dir + ": " + (Files.exists(dir) ? "not a folder" : "no such folder"));
        }
        Admission admission = switch (trust) {
            case Trust.InsecureSkipVerify i -> null;
            case Trust.Gated g -> {
                try {
                    yield Gate.admit(dir, g.verify(), g.scan());
                } catch (IOException e) {
                    throw new IncompleteException("cannot verify " + dir + ": " + e.getMessage(), e);
                }
            }
        };
        ModelPackage pkg = ModelPackage.open(dir);
        if (admission != null) {
            String admitted = admission.files().stream().filter(f -> f.name().equals(ModelPackage.WEIGHTS))
                    .map(Admission.AdmittedFile::sha256).findFirst()
                    .orElseThrow(() -> new PolicyException(dir + ": " + ModelPackage.WEIGHTS + " is not signed"));
            if (!admitted.equals(pkg.weightsSha256())) {
                throw new PolicyException(dir + "/" + ModelPackage.WEIGHTS + " changed after it was verified (sha256 "
                        + pkg.weightsSha256() + ", admitted " + admitted + ")");
            }
        }
        return new ServedModel(name, pkg, pkg.freeze(), policy, admission);
    }
}
