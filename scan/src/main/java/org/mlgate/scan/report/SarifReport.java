package org.mlgate.scan.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.report.sarif.Suppression;
import org.mlgate.scan.suppress.SuppressedFinding;
import org.mlgate.scan.ScanReport;
import org.mlgate.scan.report.sarif.Artifact;
import org.mlgate.scan.report.sarif.ArtifactLocation;
import org.mlgate.scan.report.sarif.Invocation;
import org.mlgate.scan.report.sarif.Location;
import org.mlgate.scan.report.sarif.LogicalLocation;
import org.mlgate.scan.report.sarif.Message;
import org.mlgate.scan.report.sarif.MultiformatMessageString;
import org.mlgate.scan.report.sarif.Notification;
import org.mlgate.scan.report.sarif.PhysicalLocation;
import org.mlgate.scan.report.sarif.Region;
import org.mlgate.scan.report.sarif.ReportingConfiguration;
import org.mlgate.scan.report.sarif.ReportingDescriptor;
import org.mlgate.scan.report.sarif.ReportingDescriptorReference;
import org.mlgate.scan.report.sarif.Result;
import org.mlgate.scan.report.sarif.Run;
import org.mlgate.scan.report.sarif.SarifLog;
import org.mlgate.scan.report.sarif.Tool;
import org.mlgate.scan.report.sarif.ToolComponent;

/**
 * The scan report as SARIF 2.1.0, one run:
 * <ul>
 * <li>{@code tool.driver.rules} lists every rule of the report (not only those that fired); results refer
 *     to them by id and index. Each rule above INFO carries GitHub code scanning's {@code security-severity}.</li>
 * <li>{@code artifacts} lists every scanned file with its length, SHA-256 and (as properties) verdict and
 *     format.</li>
 * <li>A result's physical location is the scanned file; {@code region.byteOffset} is set when the offset is
 *     in that file itself. A finding inside an archive member or embedded stream names the member chain as
 *     logical locations ({@code run.logicalLocations}, linked by {@code parentIndex}, kind "resource"), and
 *     the offset inside the innermost member goes to the result's properties ({@code memberByteOffset}):
 *     a region would wrongly point into the container's bytes.</li>
 * <li>Problems (a file could not be analysed fully) become {@code toolExecutionNotifications} of level
 *     error; {@code executionSuccessful} is true only when no file had a problem.</li>
 * </ul>
 */
public final class SarifReport {
    /** Prefix of the notification descriptor ids, one per {@link Problem.Kind}. */
    public static final String PROBLEM_ID_PREFIX = "MLG-ERR-";
    static final String MEMBER_KIND = "resource";

    private SarifReport() {
    }

    /** Rule properties: tags, GitHub's numeric {@code security-severity} and mlgate's own severity. */
    public record RuleProperties(List<String> tags, @JsonProperty("security-severity") String securitySeverity,
                                 Severity defaultSeverity) { }

    /** Result properties: the finding's severity, what was there, and the offset inside the innermost member. */
    public record ResultProperties(Severity severity, String at, Long memberByteOffset) { }

    /** Artifact properties: the file's verdict, detected format and, for a symbolic link, the real path judged. */
    public record ArtifactProperties(Verdict verdict, String format, String linkTarget) { }

    /** Notification properties: the problem kind. */
    public record NotificationProperties(Problem.Kind problemKind) { }

    /** Run properties: what the verdicts depended on, and the summary. */
    public record RunProperties(String rulePackVersion, List<String> profiles, Severity failOn,
                                ScanReport.Summary summary) { }

    public static SarifLog toSarif(ScanReport report) {
        return new Builder(report).build();
    }

    public static String render(ScanReport report) {
        return ReportJson.write(ReportJson.NON_EMPTY, toSarif(report));
    }

    /**
     * GitHub code scanning reads "security-severity" as a CVSS-like score: 9+ critical, 7+ high, 4+ medium,
     * above 0 low. INFO has none: such results show by their level ("note").
     */
    static String securitySeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> null;
        };
    }

    /**
     * A path as a URI reference: absolute paths become {@code file:} URIs; relative ones stay relative, '/'
     * separating segments, every byte outside RFC 3986's unreserved set percent-encoded (so a ':' in the
     * first segment cannot read as a scheme).
     */
    static String uri(String path) {
        try {
            Path p = Path.of(path);
            if (p.isAbsolute()) {
                return p.toUri().toASCIIString();
            }
        } catch (InvalidPathException e) {
            // not a path on this platform (a display name for bytes scanned from memory): encode as is
        }
        String sep = java.io.File.separator;
        String slashed = "/".equals(sep) ? path : path.replace(sep, "/");
        StringBuilder sb = new StringBuilder();
        for (byte b : slashed.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    private static final class Builder {
        private final ScanReport report;
        private final Map<String, Integer> ruleIndex = new HashMap<>();
        private final Map<String, Integer> artifactIndex = new LinkedHashMap<>();
        private final List<Artifact> artifacts = new ArrayList<>();
        private final Map<String, Integer> logicalIndex = new HashMap<>();
        private final List<LogicalLocation> logical = new ArrayList<>();

        Builder(ScanReport report) {
            this.report = report;
        }

        SarifLog build() {
            List<ReportingDescriptor> rules = new ArrayList<>();
            for (Rule r : report.rules()) {
                ruleIndex.putIfAbsent(r.id(), rules.size());
                rules.add(rule(r));
            }
            List<ReportingDescriptor> notifications = new ArrayList<>();
            for (Problem.Kind k : Problem.Kind.values()) {
                notifications.add(problemDescriptor(k));
            }
            List<Result> results = new ArrayList<>();
            List<Notification> notes = new ArrayList<>();
            for (FileResult f : report.files()) {
                int index = artifact(f);
                for (Finding x : f.findings()) {
                    results.add(result(x, index, List.of()));
                }
                for (SuppressedFinding x : f.suppressed()) {
                    results.add(result(x.finding(), index, List.of(new Suppression("external", "accepted",
                            x.reason() + " (" + x.suppressedBy() + ", until " + x.expires() + ")"))));
                }
                for (Problem p : f.problems()) {
                    notes.add(notification(p, index));
                }
            }
            ToolComponent driver = new ToolComponent(report.tool().name(), report.tool().version(), null, null,
                    rules, notifications, null);
            Invocation invocation = new Invocation(notes.isEmpty(), report.exitCode().code(), notes, null);
            RunProperties props = new RunProperties(report.rulePackVersion(), report.profiles(), report.failOn(),
                    report.summary());
            return SarifLog.of(new Run(new Tool(driver), List.of(invocation), artifacts, logical, results, props));
        }

        private static ReportingDescriptor rule(Rule r) {
            return new ReportingDescriptor(r.id(), r.name(),
                    MultiformatMessageString.text(firstSentence(r.description())),
                    MultiformatMessageString.text(r.description()),
                    MultiformatMessageString.text(r.description() + "\n\nRemediation: " + r.remediation()),
                    new ReportingConfiguration(r.defaultSeverity().sarifLevel()),
                    new RuleProperties(List.of("security"), securitySeverity(r.defaultSeverity()),
                            r.defaultSeverity()));
        }

        private static ReportingDescriptor problemDescriptor(Problem.Kind k) {
            String what = switch (k) {
                case MALFORMED -> "The input does not parse as the format it appears to be; it was not fully "
                        + "analysed.";
                case BUDGET -> "A scan budget (size, time, nesting, opcode count) was exhausted; the input was not "
                        + "fully analysed.";
                case UNSUPPORTED -> "The input uses a feature the scanner does not support; it was not fully "
                        + "analysed.";
                case IO -> "The input could not be read.";
            };
            return new ReportingDescriptor(PROBLEM_ID_PREFIX + k.name(), "problem-" + k.name().toLowerCase(Locale.ROOT),
                    MultiformatMessageString.text(what), null, null, new ReportingConfiguration("error"), null);
        }

        private int artifact(FileResult f) {
            String uri = uri(f.path());
            Integer known = artifactIndex.get(uri);
            if (known != null) { // the same path given twice: SARIF wants artifacts to be unique
                return known;
            }
            int index = artifacts.size();
            artifactIndex.put(uri, index);
            artifacts.add(new Artifact(new ArtifactLocation(uri, null), f.size() >= 0 ? f.size() : null,
                    f.sha256() == null ? null : Map.of("sha-256", f.sha256().hex()), List.of("analysisTarget"),
                    new ArtifactProperties(f.verdict(), f.format(), f.linkTarget())));
            return index;
        }

        private Result result(Finding x, int artifact, List<Suppression> suppressions) {
            org.mlgate.core.Location l = x.location();
            Integer index = ruleIndex.get(x.ruleId());
            Long memberOffset = !l.members().isEmpty() && l.offset() >= 0 ? l.offset() : null;
            return new Result(x.ruleId(), index, x.severity().sarifLevel(),
                    new Message(x.message() + " (at " + l.display() + ")"), List.of(location(l, artifact)),
                    suppressions, new ResultProperties(x.severity(), l.at(), memberOffset));
        }

        private Notification notification(Problem p, int artifact) {
            return new Notification(List.of(location(p.location(), artifact)),
                    new Message(p.message() + " (at " + p.location().display() + ")"), "error",
                    new ReportingDescriptorReference(PROBLEM_ID_PREFIX + p.kind().name(), p.kind().ordinal()),
                    new NotificationProperties(p.kind()));
        }

        private Location location(org.mlgate.core.Location l, int artifact) {
            ArtifactLocation al = new ArtifactLocation(artifacts.get(artifact).location().uri(), artifact);
            Region region = l.members().isEmpty() && l.offset() >= 0 ? new Region(l.offset(), null) : null;
            List<LogicalLocation> logicalRefs = List.of();
            if (!l.members().isEmpty()) {
                int innermost = member(l.file(), l.members());
                LogicalLocation target = logical.get(innermost);
                logicalRefs = List.of(new LogicalLocation(target.name(), innermost, target.fullyQualifiedName(),
                        target.kind(), null, null));
            }
            return new Location(new PhysicalLocation(al, region), logicalRefs);
        }

        /** Index in run.logicalLocations of the member chain, adding it and its enclosing members if new. */
        private int member(String file, List<String> members) {
            Integer parent = null;
            StringBuilder fqn = new StringBuilder(file);
            int index = -1;
            for (String m : members) {
                fqn.append('!').append(m);
                String key = fqn.toString();
                Integer known = logicalIndex.get(key);
                if (known == null) {
                    known = logical.size();
                    logicalIndex.put(key, known);
                    logical.add(new LogicalLocation(m, null, key, MEMBER_KIND, parent, null));
                }
                index = known;
                parent = known;
            }
            return index;
        }

        private static String firstSentence(String s) {
            int dot = s.indexOf(". ");
            return dot < 0 ? s : s.substring(0, dot + 1);
        }
    }
}
