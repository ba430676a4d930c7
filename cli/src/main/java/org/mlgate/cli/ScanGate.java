package org.mlgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mlgate.core.UsageException;
import org.mlgate.sign.VerificationFailure;
import org.mlgate.sign.VerificationFailure.Check;
import org.mlgate.sign.VerificationMethod;
import org.mlgate.sign.Verified;
import org.mlgate.sign.Verifier;
import org.mlgate.sign.bundle.Statement;
import org.mlgate.sign.hash.Resource;
import org.mlgate.sign.hash.Serialization;

/**
 * "Signed and scanned clean": after a model verified, its scan attestation ({@code mlgate scan --attest})
 * must verify with a trusted scanner key, say SAFE overall, and list every signed file's SHA-256 as SAFE.
 */
final class ScanGate {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ScanGate() {
    }

    static void require(Path attestation, VerificationMethod.Keys scannerKeys, Verified model) throws IOException {
        if (model.serialization().method() != Serialization.Method.FILES) {
            throw new UsageException("--require-scan needs a bundle of the files method (whole-file digests); this "
                    + "one uses shards");
        }
        Statement st = Verifier.verifyAttestation(attestation, scannerKeys, AttestOption.PREDICATE_TYPE);
        AttestOption.ScanPredicate p;
        try {
            p = MAPPER.treeToValue(st.predicate(), AttestOption.ScanPredicate.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new VerificationFailure(Check.MALFORMED_STATEMENT, "attestation " + attestation
                    + ": the scan predicate cannot be read: " + e.getMessage(), e);
        }
        if (p == null || p.files() == null || !"SAFE".equals(p.verdict())) {
            throw new VerificationFailure(Check.ATTESTATION_NOT_SATISFIED, "attestation " + attestation
                    + ": the scan verdict is " + (p == null ? "missing" : p.verdict()) + ", not SAFE");
        }
        Set<String> safe = new HashSet<>();
        for (AttestOption.FileVerdict f : p.files()) {
            if (f != null && "SAFE".equals(f.verdict()) && f.sha256() != null) {
                safe.add(f.sha256());
            }
        }
        List<String> subjects = st.subjects().stream().map(s -> s.digest().get("sha256")).toList();
        for (Resource r : model.resources()) {
            if (!safe.contains(r.sha256()) || !subjects.contains(r.sha256())) {
                throw new VerificationFailure(Check.ATTESTATION_NOT_SATISFIED, "attestation " + attestation + ": "
                        + r.name() + " (sha256 " + r.sha256() + ") was not scanned SAFE");
            }
        }
    }
}
