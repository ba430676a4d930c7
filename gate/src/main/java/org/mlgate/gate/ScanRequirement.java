package org.mlgate.gate;

import java.nio.file.Path;
import java.util.Objects;
import org.mlgate.scan.Scanner;
import org.mlgate.sign.VerificationMethod;

/**
 * How a gate proves that every signed file is safe to load. Both proving kinds judge against {@code reference}, the
 * verifier's own scanner: in-process by its verdicts, an attestation against its policy (fail threshold, profiles).
 * {@link NotRequired} is the explicit choice to trust the signature alone.
 */
public sealed interface ScanRequirement {
    /** The signature alone admits the model (what {@code mlgate verify} does without {@code --require-scan}). */
    record NotRequired() implements ScanRequirement { }

    /** The gate scans every signed file itself, now, with {@code reference}. */
    record InProcess(Scanner reference) implements ScanRequirement {
        public InProcess {
            Objects.requireNonNull(reference, "reference");
            if (!reference.options().digest()) {
                throw new IllegalArgumentException("an in-process gate scan needs file digests");
            }
        }
    }

    /**
     * A scan attestation ({@code mlgate scan --attest}) signed by one of {@code scannerKeys}, made under a policy at
     * least as strict as {@code reference}'s.
     */
    record Attested(Path attestation, VerificationMethod.Keys scannerKeys, Scanner reference)
            implements ScanRequirement {
        public Attested {
            Objects.requireNonNull(attestation, "attestation");
            Objects.requireNonNull(scannerKeys, "scannerKeys");
            Objects.requireNonNull(reference, "reference");
        }
    }
}
