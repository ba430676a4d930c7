package org.mlgate.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.mlgate.core.Finding;
import org.mlgate.core.IncompleteException;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.ScanReport;
import org.mlgate.scan.policy.Global;
import org.mlgate.scan.policy.Policy;
import org.mlgate.scan.policy.Profile;
import org.mlgate.sign.SigningMethod;
import org.mlgate.sign.Signer;
import org.mlgate.sign.VerificationFailure;
import org.mlgate.sign.VerificationFailure.Check;
import org.mlgate.sign.bundle.BundleWriter;

/**
 * The scan attestation ({@code mlgate scan --attest}): an in-toto statement whose subjects are the scanned files'
 * SHA-256 and whose predicate ({@value #PREDICATE_TYPE}) is the verdict, the findings and the policy the scan ran
 * under — so that a verifier can refuse an attestation made under a weaker policy than its own. One record, one
 * writer ({@link #sign}), one reader ({@link #read}).
 */
public final class ScanAttestation {
    /** v2: snake_case fields and the scan policy; v1 attestations carried no policy and are refused. */
    public static final String PREDICATE_TYPE = "https://mlgate.dev/scan/v2";
    private static final ObjectMapper READER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The predicate. */
    public record Predicate(@JsonProperty("scanner") ScannerInfo scanner, @JsonProperty("policy") PolicyInfo policy,
                            @JsonProperty("verdict") String verdict, @JsonProperty("exit_code") int exitCode,
                            @JsonProperty("summary") ScanReport.Summary summary,
                            @JsonProperty("files") List<FileVerdict> files) { }

    public record ScannerInfo(@JsonProperty("name") String name, @JsonProperty("version") String version,
                              @JsonProperty("rule_pack") String rulePack) { }

    /**
     * What decided the verdicts: the severity that fails a file, each active allowlist profile by id and the SHA-256
     * of what it allows, and how many findings suppressions took out of the verdicts.
     */
    public record PolicyInfo(@JsonProperty("fail_on") String failOn, @JsonProperty("profiles") List<ProfileRef> profiles,
                             @JsonProperty("suppressed") int suppressed) { }

    public record ProfileRef(@JsonProperty("id") String id, @JsonProperty("sha256") String sha256) { }

    public record FileVerdict(@JsonProperty("path") String path, @JsonProperty("sha256") String sha256,
                              @JsonProperty("size") long size, @JsonProperty("format") String format,
                              @JsonProperty("verdict") String verdict,
                              @JsonProperty("findings") List<FindingRef> findings) { }

    public record FindingRef(@JsonProperty("rule") String rule, @JsonProperty("severity") String severity,
                             @JsonProperty("location") String location) { }

    private ScanAttestation() {
    }

    /** The policy a scanner runs under, as an attestation records it (and as a verifier compares it). */
    public static PolicyInfo policyOf(Policy policy, org.mlgate.core.Severity failOn, int suppressed) {
        return new PolicyInfo(failOn.name(), policy.profiles().stream()
                .map(p -> new ProfileRef(p.id(), profileDigest(p))).toList(), suppressed);
    }

    /** SHA-256 of a profile's allowlist ({@code module.name} lines, sorted): what it lets through, not its prose. */
    public static String profileDigest(Profile p) {
        List<String> names = new ArrayList<>();
        for (Global g : p.allowed()) {
            names.add(g.module() + "\u0000" + g.name());
        }
        names.sort(null);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String n : names) {
                md.update(n.getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The predicate of a finished scan; every file must have a digest. */
    public static Predicate predicate(ScanReport report, Policy policy) {
        List<FileVerdict> files = new ArrayList<>();
        int suppressed = 0;
        for (FileResult f : report.files()) {
            if (f.sha256() == null) {
                throw new IncompleteException("cannot attest the scan: " + f.path() + " could not be read (no digest)");
            }
            suppressed += f.suppressed().size();
            files.add(new FileVerdict(f.path(), f.sha256().hex(), f.size(), f.format(), f.verdict().name(),
                    f.findings().stream().map((Finding x) -> new FindingRef(x.ruleId(), x.severity().name(),
                            x.location().display())).toList()));
        }
        if (files.isEmpty()) {
            throw new IncompleteException("cannot attest the scan: no file was scanned");
        }
        int code = report.exitCode().code();
        String verdict = switch (report.exitCode()) {
            case OK -> "SAFE";
            case POLICY_FAILURE -> "UNSAFE";
            default -> "ERROR";
        };
        return new Predicate(new ScannerInfo(report.tool().name(), report.tool().version(), report.rulePackVersion()),
                policyOf(policy, report.failOn(), suppressed), verdict, code, report.summary(), files);
    }

    /** The signed attestation (a Sigstore bundle) of {@code predicate}. */
    public static byte[] sign(Predicate predicate, SigningMethod signing) {
        List<BundleWriter.Subject> subjects = predicate.files().stream()
                .map(f -> new BundleWriter.Subject(f.path(), f.sha256())).toList();
        return Signer.bundle(BundleWriter.statement(subjects, PREDICATE_TYPE, predicate), signing);
    }

    /** Reads a verified statement's predicate strictly: unknown or missing fields fail as a malformed statement. */
    public static Predicate read(JsonNode predicate, String source) {
        Predicate p;
        try {
            p = READER.treeToValue(Objects.requireNonNull(predicate, "predicate"), Predicate.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new VerificationFailure(Check.MALFORMED_STATEMENT, source + ": the scan predicate cannot be read: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        if (p == null || p.files() == null || p.policy() == null || p.policy().profiles() == null
                || p.scanner() == null || p.verdict() == null) {
            throw new VerificationFailure(Check.MALFORMED_STATEMENT, source + ": the scan predicate lacks its verdict, "
                    + "policy, scanner or files");
        }
        return p;
    }
}
