package org.mlgate.scan.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlgate.core.Finding;
import org.mlgate.core.Location;
import org.mlgate.core.Problem;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.ScanReport;

/**
 * mlgate's machine-readable scan report, {@value #SCHEMA_VERSION}. Serialized by Jackson from the typed
 * records below: every field is always present (a value that does not apply is {@code null}), so
 * consumers can rely on the shape. The JSON Schema is shipped as the resource {@value #SCHEMA_RESOURCE}.
 * A change that removes or renames a field or changes its meaning gets a new schema version.
 */
public final class JsonReport {
    /** v2: snake_case field names (v1 was camelCase: schemaVersion, ruleId, ...); same fields and meanings. */
    public static final String SCHEMA_VERSION = "mlgate-scan-report/v2";
    public static final String SCHEMA_RESOURCE = "/org/mlgate/scan/report/scan-report.schema.json";

    private JsonReport() {
    }

    /** The whole report (written in snake_case: schema_version, exit_code, ...). {@code exitCode} is the CLI's. */
    public record Document(String schemaVersion, ToolEntry tool, String rulePackVersion, List<String> profiles,
                           Severity failOn, int exitCode, List<FileEntry> files, SummaryEntry summary,
                           List<SuppressionNoticeEntry> suppressionNotices) {
        public Document {
            profiles = List.copyOf(profiles);
            files = List.copyOf(files);
            suppressionNotices = List.copyOf(suppressionNotices);
        }
    }

    /** A suppression that did nothing: UNUSED (matched no finding) or EXPIRED (its findings count again). */
    public record SuppressionNoticeEntry(String status, String source, int index, String sha256, String rule,
                                         String reason, String expires, String message) { }

    /** A finding taken out of the verdict by an accepted, unexpired suppression. */
    public record SuppressedEntry(FindingEntry finding, String reason, String expires, String suppressedBy) { }

    public record ToolEntry(String name, String version) { }

    /**
     * One scanned file. {@code sha256} is lower-case hex and, like {@code size} (-1), unknown only when the
     * file could not be read; {@code maxSeverity} is null without findings; {@code linkTarget} is the real
     * path judged when {@code path} is a symbolic link, else null.
     */
    public record FileEntry(String path, String linkTarget, String sha256, long size, String format, Verdict verdict,
                            Severity maxSeverity, List<FindingEntry> findings, List<ProblemEntry> problems,
                            List<SuppressedEntry> suppressed) {
        public FileEntry {
            findings = List.copyOf(findings);
            problems = List.copyOf(problems);
            suppressed = List.copyOf(suppressed);
        }
    }

    /** A finding; {@code ruleName} is null only for a rule id the report's rule list does not hold. */
    public record FindingEntry(String ruleId, String ruleName, Severity severity, LocationEntry location,
                               String message, String remediation) { }

    public record ProblemEntry(Problem.Kind kind, LocationEntry location, String message) { }

    /**
     * Where: the file, the archive members or embedded streams inside it (outermost first), the byte offset
     * inside the innermost one (-1 when not applicable), what was there (or null), and all of it for humans.
     */
    public record LocationEntry(String file, List<String> members, long offset, String at, String display) {
        public LocationEntry {
            members = List.copyOf(members);
        }
    }

    public record SummaryEntry(int files, int safe, int unsafe, int error, int findings) { }

    public static Document toDocument(ScanReport report) {
        Map<String, Rule> rules = new HashMap<>();
        report.rules().forEach(r -> rules.putIfAbsent(r.id(), r));
        List<FileEntry> files = report.files().stream().map(f -> file(f, rules)).toList();
        ScanReport.Summary s = report.summary();
        return new Document(SCHEMA_VERSION, new ToolEntry(report.tool().name(), report.tool().version()),
                report.rulePackVersion(), report.profiles(), report.failOn(), report.exitCode().code(), files,
                new SummaryEntry(s.files(), s.safe(), s.unsafe(), s.error(), s.findings()),
                report.suppressionNotices().stream().map(n -> new SuppressionNoticeEntry(n.status().name(),
                        n.suppression().source(), n.suppression().index(), n.suppression().sha256().hex(),
                        n.suppression().rule(), n.suppression().reason(), n.suppression().expires().toString(),
                        n.message())).toList());
    }

    public static String render(ScanReport report) {
        return ReportJson.write(ReportJson.ALWAYS, toDocument(report));
    }

    /** Reads a document this class wrote (strictly: unknown fields are an error). */
    public static Document parse(String json) throws JsonProcessingException {
        return ReportJson.ALWAYS.readValue(json, Document.class);
    }

    private static FileEntry file(FileResult f, Map<String, Rule> rules) {
        return new FileEntry(f.path(), f.linkTarget(), f.sha256() == null ? null : f.sha256().hex(), f.size(), f.format(),
                f.verdict(), f.maxSeverity(),
                f.findings().stream().map(x -> finding(x, rules)).toList(),
                f.problems().stream().map(JsonReport::problem).toList(),
                f.suppressed().stream().map(x -> new SuppressedEntry(finding(x.finding(), rules), x.reason(),
                        x.expires().toString(), x.suppressedBy())).toList());
    }

    private static FindingEntry finding(Finding f, Map<String, Rule> rules) {
        Rule r = rules.get(f.ruleId());
        return new FindingEntry(f.ruleId(), r == null ? null : r.name(), f.severity(), location(f.location()),
                f.message(), f.remediation());
    }

    private static ProblemEntry problem(Problem p) {
        return new ProblemEntry(p.kind(), location(p.location()), p.message());
    }

    private static LocationEntry location(Location l) {
        return new LocationEntry(l.file(), l.members(), l.offset(), l.at(), l.display());
    }
}
