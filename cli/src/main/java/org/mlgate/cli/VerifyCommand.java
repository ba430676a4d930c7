package org.mlgate.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mlgate.core.ExitCode;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.sign.VerificationFailure;
import org.mlgate.sign.VerificationMethod;
import org.mlgate.sign.Verified;
import org.mlgate.gate.Gate;
import org.mlgate.gate.ScanRequirement;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.policy.ProfileFiles;
import org.mlgate.sign.Verifier;
import org.mlgate.sign.VerifyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate verify}: thin front end over {@link Verifier}. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        header = "Verify a signed model or dataset (OpenSSF model signing, OMS v1.0).",
        description = {"Reads the Sigstore bundle (model.sig inside a directory, PATH.sig beside a file, or "
                + "--signature), checks the signer (one of the --public-key keys, or a certificate chain leading to a "
                + "--certificate-chain trust anchor, valid now), the DSSE signature, the statement and its root digest, "
                + "and then every file: a file changed, missing, renamed or not signed fails. Bundles of the "
                + "reference model_signing tool verify, from v0.2 on. Checks are strict by default; each failure names "
                + "the check (e.g. file-changed, wrong-key, certificate-expired, method-mismatch, malformed-bundle).",
            "",
            "Paths the bundle records as ignored, the signature file and .git, .gitattributes, .github, .gitignore "
                + "are left out; files found under them are reported (not checked, unsigned). Sigstore keyless bundles are not supported (they need the Sigstore trust root, which "
                + "is not available offline): they fail as method-mismatch."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:verified",
            "1:not verified: a check failed (the message names it)",
            "2:usage error: bad option, missing PATH, no --public-key or --certificate-chain, unreadable key or "
                + "certificate",
            "3:could not complete: a file that exists could not be read, or changed while it was read"},
        footerHeading = "%nExamples:%n",
        footer = {"  mlgate verify --public-key signing-key-pub.pem models/bert",
            "  mlgate verify --public-key old.pub --public-key new.pub --signature bert.sig models/bert",
            "  mlgate verify --certificate-chain ca-cert.pem --ignore-paths notes.md models/bert",
            "  mlgate verify --public-key release.pub --require-scan bert.scan.sig --scan-key scanner.pub models/bert"})
public final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Option(names = "--public-key", paramLabel = "PUB.pem",
            description = "A trusted public key (repeatable, e.g. during key rotation; a file may hold several).")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--certificate-chain", paramLabel = "CA.pem",
            description = "Trust anchors for the certificate method (repeatable; a file may hold several).")
    List<Path> anchors = new ArrayList<>();

    @Option(names = "--signature", paramLabel = "FILE",
            description = "The bundle (default: model.sig inside a directory, PATH.sig beside a file).")
    Path signature;

    @Option(names = "--ignore-paths", paramLabel = "P",
            description = "A path to leave out, relative to the model (repeatable).")
    List<String> ignorePaths = new ArrayList<>();

    @Option(names = "--ignore-unsigned-files",
            description = "Files the bundle does not list are not an error (only signed files are checked).")
    boolean ignoreUnsigned;

    @Option(names = "--require-scan", paramLabel = "ATTESTATION",
            description = "Also require a scan attestation (mlgate scan --attest) that verifies with --scan-key (or "
                    + "--public-key), says SAFE, and lists every signed file's SHA-256 as SAFE: signed and scanned clean.")
    Path requireScan;

    @Option(names = "--scan-key", paramLabel = "PUB.pem",
            description = "A trusted public key of the scanner for --require-scan (repeatable; default: the --public-key keys).")
    List<Path> scanKeys = new ArrayList<>();

    @Option(names = "--scan-profile", paramLabel = "FILE",
            description = "An allowlist profile (as for 'mlgate scan --profile') the attestation may have been made "
                    + "with (repeatable). Without it only the built-in profiles are accepted; an attestation made with "
                    + "a higher --fail-on than HIGH, another profile, or suppressed findings is refused.")
    List<Path> scanProfiles = new ArrayList<>();

    @Option(names = "--provenance", paramLabel = "BUNDLE",
            description = "Verify BUNDLE as signed SLSA provenance of the file PATH (e.g. from training) instead of a "
                    + "model signature: the signature, the predicate, and that a subject carries PATH's SHA-256.")
    Path provenance;

    @Option(names = "--threads", paramLabel = "N", description = "Hashing threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--max-bundle-size", paramLabel = "BYTES", defaultValue = "" + VerifyOptions.DEFAULT_MAX_BUNDLE_BYTES,
            description = "Refuse a signature bundle larger than BYTES before reading it (default ${DEFAULT-VALUE}, "
                    + "16 MiB; at most 67108864).")
    long maxBundleBytes;

    @picocli.CommandLine.Mixin
    ReportFormatOption format;

    @Parameters(paramLabel = "PATH", description = "The model or dataset: a file or a directory.")
    Path path;

    /** Clock for certificate validity; tests replace it. */
    Clock clock = Clock.systemUTC();

    /**
     * The JSON document ({@value #REPORT_FORMAT}; v1 had camelCase {@code rootDigest} and one-line {@code message}):
     * {@code differences} lists each finding of a failed check on its own, {@code message} is their summary.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(String report, String path, boolean verified, String check, String message,
                          List<String> differences, String method, String signer, String format, Integer files,
                          String rootDigest, List<org.mlgate.sign.hash.ModelFiles.LeftOut> leftOut) { }

    /** The version of the JSON document; bumped when a field is renamed or changes meaning. */
    public static final String REPORT_FORMAT = "mlgate-verify-report/v2";

    @Override
    public Integer call() throws JsonProcessingException {
        if (keys.isEmpty() == anchors.isEmpty()) {
            throw new UsageException("give either --public-key (key method) or --certificate-chain (certificate "
                    + "method)");
        }
        if (!Files.exists(path)) {
            throw new UsageException("no such file or directory: " + path);
        }
        VerificationMethod method = keys.isEmpty()
                ? new VerificationMethod.Certificates(SigningInputs.certificates(anchors), clock)
                : new VerificationMethod.Keys(SigningInputs.publicKeys(keys));
        VerifyOptions options;
        try {
            options = new VerifyOptions(method, signature, ignorePaths, ignoreUnsigned, SigningInputs.threads(threads),
                    maxBundleBytes);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--max-bundle-size: " + e.getMessage(), e);
        }
        ScanRequirement scan = new ScanRequirement.NotRequired();
        if (requireScan != null) {
            List<Path> sk = scanKeys.isEmpty() ? keys : scanKeys;
            if (sk.isEmpty()) {
                throw new UsageException("--require-scan with the certificate method needs --scan-key");
            }
            Scanner.Builder reference = Scanner.builder();
            scanProfiles.forEach(p -> reference.profile(ProfileFiles.load(p)));
            scan = new ScanRequirement.Attested(requireScan, new VerificationMethod.Keys(SigningInputs.publicKeys(sk)),
                    reference.build());
        } else if (!scanKeys.isEmpty() || !scanProfiles.isEmpty()) {
            throw new UsageException("--scan-key and --scan-profile need --require-scan");
        }
        if (provenance != null) {
            return verifyProvenance(method);
        }
        Outcome o;
        int code;
        try {
            Verified v = Gate.admit(path, options, scan).signature();
            o = new Outcome(REPORT_FORMAT, path.toString(), true, null, null, null, v.method(), v.signer(), v.format(),
                    v.files(), v.rootDigest(), v.leftOut());
            code = ExitCode.OK.code();
        } catch (VerificationFailure f) {
            o = failed(f);
            code = ExitCode.POLICY_FAILURE.code();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IncompleteException("cannot verify " + path + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
        Streams s = parent.streams();
        if (format.json()) {
            s.out().println(Json.pretty(o));
        } else if (o.verified()) {
            s.out().println("VERIFIED  " + path + "  (" + o.files() + (o.files() == 1 ? " file" : " files")
                    + (o.rootDigest() == null ? "" : ", root sha256 " + SigningInputs.shortHex(o.rootDigest())) + ")");
            s.out().println("  " + o.method() + ": " + (o.method().equals("key") ? "hint "
                    + SigningInputs.shortHex(o.signer()) : o.signer()) + "; format " + o.format());
            if (!o.leftOut().isEmpty()) {
                s.out().println("  not checked (left out, unsigned): " + String.join(", ", o.leftOut().stream()
                        .map(l -> l.path() + " (" + l.files() + (l.files() == 1 ? " file)" : " files)")).toList()));
            }
        } else {
            s.out().println("NOT VERIFIED  " + path);
            printFailure(s, o);
        }
        return code;
    }

    private Outcome failed(VerificationFailure f) {
        List<String> lines = f.getMessage().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return new Outcome(REPORT_FORMAT, path.toString(), false, f.check().id(), f.getMessage(),
                lines.size() > 1 ? lines.subList(1, lines.size()) : null, null, null, null, null, null, null);
    }

    /** The failure's summary line, then each difference on a line of its own. */
    private static void printFailure(Streams s, Outcome o) {
        o.message().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> s.out().println("  " + l));
    }

    private int verifyProvenance(VerificationMethod method) throws JsonProcessingException {
        Outcome o;
        int code;
        try {
            String signer = Verifier.verifyProvenance(path, provenance, method);
            o = new Outcome(REPORT_FORMAT, path.toString(), true, null, null, null,
                    method instanceof VerificationMethod.Keys ? "key" : "certificate", signer, "slsa-provenance-v1", 1,
                    null, null);
            code = ExitCode.OK.code();
        } catch (VerificationFailure f) {
            o = failed(f);
            code = ExitCode.POLICY_FAILURE.code();
        } catch (IOException e) {
            throw new IncompleteException("cannot verify " + provenance + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
        Streams s = parent.streams();
        if (format.json()) {
            s.out().println(Json.pretty(o));
        } else if (o.verified()) {
            s.out().println("VERIFIED  provenance of " + path + " (" + provenance + ")");
            s.out().println("  " + o.method() + ": " + o.signer());
        } else {
            s.out().println("NOT VERIFIED  provenance of " + path);
            printFailure(s, o);
        }
        return code;
    }
}
