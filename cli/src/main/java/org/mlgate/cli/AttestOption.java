package org.mlgate.cli;

import java.nio.file.Path;
import java.util.List;
import org.mlgate.core.UsageException;
import org.mlgate.gate.ScanAttestation;
import org.mlgate.scan.ScanReport;
import org.mlgate.scan.policy.Policy;
import org.mlgate.sign.SigningMethod;
import org.mlgate.sign.keys.PemFiles;
import picocli.CommandLine.Option;

/**
 * {@code mlgate scan --attest KEY.pem}: the options of a signed scan attestation; the format is
 * {@link ScanAttestation}'s, so a deployment can require "signed and scanned clean".
 */
public final class AttestOption {
    static final String PREDICATE_TYPE = ScanAttestation.PREDICATE_TYPE;

    @Option(names = "--attest", paramLabel = "KEY.pem",
            description = "Also write a signed scan attestation: an in-toto statement whose subjects are the scanned "
                    + "files' SHA-256 and whose predicate (" + PREDICATE_TYPE + ") is the verdict, findings, rule pack "
                    + "and versions, signed with this EC private key as a Sigstore bundle.")
    Path key;

    @Option(names = "--attest-output", paramLabel = "FILE",
            description = "Where the attestation goes (default: PATH.scan.sig beside the one scanned PATH).")
    Path output;

    @Option(names = "--attest-password-env", paramLabel = "VAR",
            description = "Environment variable holding the password of an encrypted --attest key.")
    String passwordEnv;

    private PemFiles.KeyPair pair;
    private Path target;

    /** Before scanning: the key loads, the options fit, the output can be written. */
    void check(Streams streams, List<Path> paths, boolean digests) {
        if (key == null) {
            if (output != null || passwordEnv != null) {
                throw new UsageException("--attest-output and --attest-password-env need --attest KEY.pem");
            }
            return;
        }
        if (!digests) {
            throw new UsageException("--attest needs the files' digests: do not combine it with --no-digest");
        }
        if (output == null && paths.size() != 1) {
            throw new UsageException("--attest with several PATHs needs --attest-output FILE");
        }
        target = output != null ? output : siblingOf(paths.getFirst());
        AtomicOutput.check(target);
        pair = SigningInputs.privateKey(key, "--attest", passwordEnv, streams);
    }

    private static Path siblingOf(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".scan.sig");
    }

    /** After scanning: signs and writes the attestation (a no-op without --attest). */
    void write(Streams streams, ScanReport report, Policy policy) {
        if (pair == null) {
            return;
        }
        ScanAttestation.Predicate predicate = ScanAttestation.predicate(report, policy);
        AtomicOutput.write(target, ScanAttestation.sign(predicate, new SigningMethod.Key(pair)));
        int n = predicate.files().size();
        streams.err().println("mlgate: scan attestation (" + predicate.verdict() + ", " + n
                + (n == 1 ? " subject" : " subjects") + ") written to " + target);
    }
}
