package org.mlgate.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlgate.core.Severity;
import org.mlgate.core.UsageException;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;
import org.mlgate.sign.VerificationFailure;
import org.mlgate.sign.VerificationFailure.Check;
import org.mlgate.sign.Verified;
import org.mlgate.sign.Verifier;
import org.mlgate.sign.VerifyOptions;
import org.mlgate.sign.bundle.Statement;
import org.mlgate.sign.hash.Resource;
import org.mlgate.sign.hash.Serialization;

/**
 * "Signed and scanned clean" as one library call. {@link #admit} returns an {@link Admission} or throws; the checks,
 * in order:
 * <ol>
 *   <li>the signature verifies ({@link Verifier#verify}: signer, statement, every file);</li>
 *   <li>with {@link ScanRequirement.InProcess}: every signed file, scanned now, is SAFE and still has the signed
 *       digest ({@code scan-not-safe}, {@code file-changed});</li>
 *   <li>with {@link ScanRequirement.Attested}: the attestation verifies with a scanner key
 *       ({@link Verifier#verifyAttestation}), was made under a policy at least as strict as the reference scanner's
 *       ({@code attestation-policy-weaker}: a higher fail threshold, a profile the verifier does not have or with
 *       another allowlist, a suppressed finding), says SAFE, and lists every signed file's SHA-256 as SAFE
 *       ({@code attestation-not-satisfied}).</li>
 * </ol>
 * Failures are {@link VerificationFailure}s (policy); an unreadable file is an {@link IOException}.
 */
public final class Gate {
    private Gate() {
    }

    public static Admission admit(Path model, VerifyOptions verify, ScanRequirement scan) throws IOException {
        if (!(scan instanceof ScanRequirement.NotRequired) && verify.ignoreUnsignedFiles()) {
            // An unsigned file would be loaded but neither verified nor scanned.
            throw new UsageException("a scan requirement cannot be combined with ignoring unsigned files");
        }
        Verified v = Verifier.verify(model, verify);
        if (!(scan instanceof ScanRequirement.NotRequired) && v.serialization().method() != Serialization.Method.FILES) {
            throw new UsageException("requiring a scan needs a bundle of the files method (whole-file digests); this "
                    + "one uses shards");
        }
        return switch (scan) {
            case ScanRequirement.NotRequired n -> new Admission(model, v, new Admission.Evidence.SignatureOnly(),
                    v.resources().stream().map(r -> new Admission.AdmittedFile(r.name(), r.sha256(), null)).toList());
            case ScanRequirement.InProcess p -> scanned(model, v, p.reference());
            case ScanRequirement.Attested a -> attested(model, v, a);
        };
    }

    private static Admission scanned(Path model, Verified v, Scanner scanner) {
        List<Admission.AdmittedFile> files = new ArrayList<>();
        int suppressed = 0;
        for (Resource r : v.resources()) {
            Path file = Files.isDirectory(model) ? model.resolve(r.name()) : model;
            FileResult f = scanner.scanFile(file, r.name());
            if (f.sha256() == null || !f.sha256().hex().equals(r.sha256())) {
                throw new VerificationFailure(Check.FILE_CHANGED, r.name() + " changed between verification and "
                        + "scanning (signed sha256 " + r.sha256() + ", scanned " + (f.sha256() == null ? "unreadable"
                        : f.sha256().hex()) + ")");
            }
            if (f.verdict() != Verdict.SAFE) {
                throw new VerificationFailure(Check.SCAN_NOT_SAFE, r.name() + " scanned " + f.verdict() + why(f));
            }
            suppressed += f.suppressed().size();
            files.add(new Admission.AdmittedFile(r.name(), r.sha256(), f.verdict()));
        }
        var policy = ScanAttestation.policyOf(scanner.policy(), scanner.options().failOn(), suppressed);
        var tool = org.mlgate.core.ToolInfo.current();
        return new Admission(model, v, new Admission.Evidence.Scanned(tool.name() + " " + tool.version(),
                org.mlgate.scan.policy.BuiltinProfiles.RULE_PACK_VERSION, policy), files);
    }

    private static String why(FileResult f) {
        if (!f.findings().isEmpty()) {
            var x = f.findings().stream().max((a, b) -> a.severity().compareTo(b.severity())).orElseThrow();
            return ": " + x.severity() + " " + x.ruleId() + " at " + x.location().display() + ": " + x.message()
                    + (f.findings().size() > 1 ? " (and " + (f.findings().size() - 1) + " more findings)" : "");
        }
        return f.problems().isEmpty() ? "" : ": not proven safe: " + f.problems().getFirst().message();
    }

    private static Admission attested(Path model, Verified v, ScanRequirement.Attested a) throws IOException {
        Verifier.SignedStatement signed = Verifier.verifySignedAttestation(a.attestation(), a.scannerKeys(),
                ScanAttestation.PREDICATE_TYPE);
        Statement st = signed.statement();
        String source = "attestation " + a.attestation();
        ScanAttestation.Predicate p = ScanAttestation.read(st.predicate(), source);
        requireAsStrict(p.policy(), a.reference(), source);
        if (!"SAFE".equals(p.verdict())) {
            throw new VerificationFailure(Check.ATTESTATION_NOT_SATISFIED, source + ": the scan verdict is "
                    + p.verdict() + ", not SAFE");
        }
        Set<String> safe = new HashSet<>();
        for (ScanAttestation.FileVerdict f : p.files()) {
            if (f != null && "SAFE".equals(f.verdict()) && f.sha256() != null) {
                safe.add(f.sha256());
            }
        }
        Set<String> subjects = new HashSet<>();
        st.subjects().forEach(s -> subjects.add(s.digest().get("sha256")));
        List<Admission.AdmittedFile> files = new ArrayList<>();
        for (Resource r : v.resources()) {
            if (!safe.contains(r.sha256()) || !subjects.contains(r.sha256())) {
                throw new VerificationFailure(Check.ATTESTATION_NOT_SATISFIED, source + ": " + r.name() + " (sha256 "
                        + r.sha256() + ") was not scanned SAFE");
            }
            files.add(new Admission.AdmittedFile(r.name(), r.sha256(), Verdict.SAFE));
        }
        return new Admission(model, v, new Admission.Evidence.Attested(a.attestation(), signed.signer(),
                p.scanner().name() + " " + p.scanner().version(), p.policy()), files);
    }

    /** Refuses an attestation whose verdicts could pass what the reference scanner would fail. */
    static void requireAsStrict(ScanAttestation.PolicyInfo made, Scanner reference, String source) {
        Severity threshold;
        try {
            threshold = Severity.valueOf(made.failOn());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new VerificationFailure(Check.MALFORMED_STATEMENT, source + ": unknown fail_on '" + made.failOn() + "'");
        }
        Severity mine = reference.options().failOn();
        if (threshold.compareTo(mine) > 0) {
            throw new VerificationFailure(Check.ATTESTATION_POLICY_WEAKER, source + ": made with fail_on " + threshold
                    + ", weaker than this verifier's " + mine);
        }
        Map<String, String> known = new HashMap<>();
        reference.policy().profiles().forEach(p -> known.put(p.id(), ScanAttestation.profileDigest(p)));
        for (ScanAttestation.ProfileRef p : made.profiles()) {
            String digest = known.get(p.id());
            if (digest == null) {
                throw new VerificationFailure(Check.ATTESTATION_POLICY_WEAKER, source + ": made with profile " + p.id()
                        + ", which this verifier does not allow (give it the same profile file to accept it)");
            }
            if (!digest.equals(p.sha256())) {
                throw new VerificationFailure(Check.ATTESTATION_POLICY_WEAKER, source + ": profile " + p.id()
                        + " allowed other globals there (allowlist sha256 " + p.sha256() + ", here " + digest + ")");
            }
        }
        if (made.suppressed() > 0) {
            throw new VerificationFailure(Check.ATTESTATION_POLICY_WEAKER, source + ": " + made.suppressed()
                    + " finding(s) were suppressed in that scan; a gate does not accept suppressed findings");
        }
    }
}
