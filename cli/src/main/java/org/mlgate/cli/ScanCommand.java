package org.mlgate.cli;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.mlgate.core.DistinctPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mlgate.core.Severity;
import org.mlgate.core.UsageException;
import org.mlgate.scan.ScanProgress;
import org.mlgate.scan.ScanReport;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.policy.ProfileFiles;
import org.mlgate.scan.suppress.SuppressionFiles;
import org.mlgate.scan.report.ReportFormat;
import org.mlgate.scan.report.RuleListReport;
import org.mlgate.scan.report.TextReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mlgate scan}: the static scanner behind a command line. */
@Command(name = "scan",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Statically scan ML model files for code that would run when they are loaded.",
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        description = {
            "Scans each PATH (a file, or a directory and everything below it) without ever loading, "
                    + "importing or executing anything from it: pickle streams are read by a symbolic pickle "
                    + "machine that only records what a real unpickler would import and call, and containers "
                    + "(archives, checkpoints, array files) are opened and their members scanned the same way. "
                    + "Keras (.keras, .h5), TensorFlow (SavedModel, MetaGraph, GraphDef), ONNX, GGUF, safetensors "
                    + "and Hugging Face configuration files are checked for the code, file access and template "
                    + "injection they can carry.",
            "",
            "The policy is allowlist first: a global a pickle imports is acceptable only if an active profile "
                    + "lists exactly that module and name; anything else is a finding, and a built-in denylist "
                    + "explains and raises the severity of the known-dangerous ones. Built-in profiles cover "
                    + "Python core types, PyTorch, NumPy, scikit-learn and Hugging Face; add your own with "
                    + "--profile. See them all with --list-rules.",
            "",
            "Each file gets one verdict:",
            "  SAFE    fully analysed, no finding at or above --fail-on",
            "  UNSAFE  at least one finding at or above --fail-on",
            "  ERROR   not fully analysed (malformed, over a budget, unreadable) and no",
            "          finding at or above --fail-on: not proven safe, treated as a failure",
            "",
            "The report (text for people, json, or sarif for code-scanning tools) goes to standard output or "
                    + "to --output; progress and messages go to standard error."
        },
        parameterListHeading = "%nParameters:%n",
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {
            "0:every file SAFE",
            "1:at least one file UNSAFE",
            ExitCodes.USAGE,
            "3:at least one file ERROR and none UNSAFE, or the scan or the report could not be completed"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  mlgate scan model.pt",
            "  mlgate scan --format sarif --output mlgate.sarif models/",
            "  mlgate scan --fail-on MEDIUM --profile our-classes.json checkpoint.bin",
            "  mlgate scan --list-rules --format json"
        })
public final class ScanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    MlgateCommand parent;

    @Mixin
    FormatOption format;

    @Mixin
    OutputOption output;

    @Mixin
    AttestOption attest;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "HIGH", converter = SeverityConverter.class,
            description = "Findings at or above this severity make a file UNSAFE: INFO, LOW, MEDIUM, HIGH or "
                    + "CRITICAL (default: ${DEFAULT-VALUE}). Findings below it are still reported.")
    Severity failOn;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "An extra allowlist profile (a mlgate-profile/v1 JSON file), active together with the "
                    + "built-in ones. Repeatable.")
    List<Path> profiles = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N",
            description = "Files scanned in parallel, 1 to 256 (default: the number of processors).")
    Integer threads;

    @Option(names = "--list-rules",
            description = "Print the rules and the active profiles (built-in and --profile, with versions, "
                    + "sources and entry counts) instead of scanning; text or json.")
    boolean listRules;

    @Option(names = "--no-progress",
            description = "Never draw the progress bar (it is drawn only when standard error is a terminal).")
    boolean noProgress;

    @Option(names = "--no-digest",
            description = "Do not compute each file's SHA-256. Hashing reads every byte (about 12 s for a 4 GiB "
                    + "checkpoint on a 2.5 GHz core without SHA instructions); without it tensor data is never read.")
    boolean noDigest;

    @Option(names = "--suppressions", paramLabel = "FILE",
            description = {"Accepted risks (repeatable): a JSON file {\"format\": \"mlgate-suppressions/v1\", "
                    + "\"suppressions\": [{\"sha256\", \"rule\", \"reason\", \"expires\"}]}. A matching finding is "
                    + "reported as suppressed and leaves the verdict until the entry expires; unused and expired "
                    + "entries are reported."})
    List<Path> suppressionFiles = new ArrayList<>();

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Reuse outcomes of files scanned before with the same rules and profiles (keyed by the "
                    + "file's SHA-256), and store new ones: CI re-scans of unchanged files cost one hash.")
    Path cacheDir;

    @Option(names = "--quiet",
            description = "Text report: list only files that are not SAFE or carry findings, then the summary "
                    + "(for big folders). json and sarif always list every file.")
    boolean quiet;

    @Option(names = "--follow-external-links",
            description = "Follow symbolic links that lead outside the scanned folder (by default such a link is "
                    + "reported ERROR and not read). Links inside it are always followed, as loaders follow them.")
    boolean followExternalLinks;

    @Option(names = "--allow-empty",
            description = "Exit 0 when nothing was judged (no files, or none a model or a file a loader acts on); "
                    + "by default that is exit 3.")
    boolean allowEmpty;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Files or directories to scan (directories recursively). Symbolic links are followed to "
                    + "the files they name and reported with their target; links out of a scanned folder are "
                    + "refused unless --follow-external-links.")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() {
        Streams streams = parent.streams();
        Scanner.Builder builder = Scanner.builder().failOn(failOn).digest(!noDigest).cache(cacheDir)
                .followExternalLinks(followExternalLinks).allowEmpty(allowEmpty);
        for (Path p : suppressionFiles) {
            builder.suppressions(SuppressionFiles.load(p));
        }
        for (Path p : profiles) {
            builder.profile(ProfileFiles.load(p));
        }
        if (threads != null) {
            builder.threads(threads);
        }
        Scanner scanner = builder.build();
        if (listRules) {
            return listRules(streams, scanner);
        }
        if (paths.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'PATH'");
        }
        output.check();
        DistinctPaths distinct = DistinctPaths.check().output("--output", output.file());
        paths.forEach(p -> distinct.input("PATH", p));
        profiles.forEach(p -> distinct.input("--profile", p));
        suppressionFiles.forEach(p -> distinct.input("--suppressions", p));
        distinct.verify();
        attest.check(streams, paths, !noDigest);
        ScanReport report;
        ProgressBar bar = !noProgress && streams.errIsTerminal() ? new ProgressBar(streams.err()) : null;
        try {
            report = scanner.scan(paths, bar == null ? ScanProgress.NONE : bar);
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        attest.write(streams, report, scanner.policy());
        ReportFormat f = format.format();
        output.write(streams, f.render(report, quiet ? TextReport.Detail.FINDINGS_ONLY
                : TextReport.Detail.ALL_FILES), f == ReportFormat.TEXT ? streams.out().charset() : StandardCharsets.UTF_8);
        if (f != ReportFormat.TEXT || output.file() != null) {
            ScanReport.Summary s = report.summary();
            streams.err().println("mlgate: " + s.files() + (s.files() == 1 ? " file: " : " files: ") + s.safe()
                    + " safe, " + s.unsafe() + " unsafe, " + s.error() + " error"
                    + (output.file() == null ? "" : "; " + f.id() + " report written to " + output.file()));
        }
        return report.exitCode().code();
    }

    private int listRules(Streams streams, Scanner scanner) {
        if (!paths.isEmpty()) {
            throw new UsageException("--list-rules takes no PATH");
        }
        ReportFormat f = format.format();
        RuleListReport.Document doc = RuleListReport.of(scanner);
        String text = switch (f) {
            case TEXT -> RuleListReport.renderText(doc);
            case JSON -> RuleListReport.renderJson(doc);
            case SARIF -> throw new UsageException("--list-rules prints text or json, not sarif");
        };
        output.check();
        Charset cs = f == ReportFormat.TEXT ? streams.out().charset() : StandardCharsets.UTF_8;
        output.write(streams, text, cs);
        return 0;
    }

    static final class SeverityConverter implements CommandLine.ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            try {
                return Severity.parse(value);
            } catch (UsageException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
