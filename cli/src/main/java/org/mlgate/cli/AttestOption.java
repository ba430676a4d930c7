package org.mlgate.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mlgate.core.Finding;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.ScanReport;
import org.mlgate.sign.SigningMethod;
import org.mlgate.sign.Signer;
import org.mlgate.sign.bundle.BundleWriter;
import org.mlgate.sign.keys.PemFiles;
import picocli.CommandLine.Option;

/**
 * {@code mlgate scan --attest KEY.pem}: a signed in-toto statement (a Sigstore bundle, DSSE, key method)
 * whose subjects are the scanned files' SHA-256 digests and whose predicate ({@value #PREDICATE_TYPE}) is
 * the scan result, so a deployment can require "signed and scanned clean".
 */
public final class AttestOption {
    public static final String PREDICATE_TYPE = "https://mlgate.dev/scan/v1";

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

    /** The predicate. */
    public record ScanPredicate(ScannerInfo scanner, String failOn, String verdict, int exitCode,
                                ScanReport.Summary summary, List<FileVerdict> files) { }

    public record ScannerInfo(String name, String version, String rulePack, List<String> profiles) { }

    public record FileVerdict(String path, String sha256, long size, String format, String verdict,
                              List<FindingRef> findings) { }

    public record FindingRef(String rule, String severity, String location) { }

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
        pair = SigningInputs.privateKey(key, passwordEnv, streams);
    }

    private static Path siblingOf(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".scan.sig");
    }

    /** After scanning: signs and writes the attestation (a no-op without --attest). */
    void write(Streams streams, ScanReport report) {
        if (pair == null) {
            return;
        }
        List<BundleWriter.Subject> subjects = new ArrayList<>();
        List<FileVerdict> files = new ArrayList<>();
        for (FileResult f : report.files()) {
            if (f.sha256() == null) {
                throw new IncompleteException("cannot attest the scan: " + f.path() + " could not be read (no digest)");
            }
            subjects.add(new BundleWriter.Subject(f.path(), f.sha256().hex()));
            files.add(new FileVerdict(f.path(), f.sha256().hex(), f.size(), f.format(), f.verdict().name(),
                    f.findings().stream().map((Finding x) -> new FindingRef(x.ruleId(), x.severity().name(),
                            x.location().display())).toList()));
        }
        if (subjects.isEmpty()) {
            throw new IncompleteException("cannot attest the scan: no file was scanned");
        }
        int code = report.exitCode().code();
        String verdict = switch (code) {
            case 0 -> "SAFE";
            case 1 -> "UNSAFE";
            default -> "ERROR";
        };
        ScanPredicate predicate = new ScanPredicate(new ScannerInfo(report.tool().name(), report.tool().version(),
                report.rulePackVersion(), report.profiles()), report.failOn().name(), verdict, code, report.summary(),
                files);
        byte[] statement = BundleWriter.statement(subjects, PREDICATE_TYPE, predicate);
        AtomicOutput.write(target, Signer.bundle(statement, new SigningMethod.Key(pair)));
        streams.err().println("mlgate: scan attestation (" + verdict + ", " + subjects.size()
                + (subjects.size() == 1 ? " subject" : " subjects") + ") written to " + target);
    }
}
