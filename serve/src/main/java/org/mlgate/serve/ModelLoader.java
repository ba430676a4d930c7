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

    /**
     * Every file the package read must be one the gate admitted, with the digest it admitted: a file swapped between
     * verification and loading is refused.
     */
    static void requireAdmitted(Path dir, Admission admission, java.util.Map<String, String> read) {
        java.util.Map<String, String> admitted = new java.util.HashMap<>();
        admission.files().forEach(f -> admitted.put(f.name(), f.sha256()));
        for (var e : new java.util.TreeMap<>(read).entrySet()) {
            String signed = admitted.get(e.getKey());
            if (signed == null) {
                throw new PolicyException(dir + ": " + e.getKey() + " is not signed");
            }
            if (!signed.equals(e.getValue())) {
                throw new PolicyException(dir.resolve(e.getKey()) + " changed after it was verified (sha256 "
                        + e.getValue() + ", admitted " + signed + ")");
            }
        }
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
            requireAdmitted(dir, admission, pkg.readDigests());
        }
        return new ServedModel(name, pkg, pkg.freeze(), policy, admission);
    }
}
