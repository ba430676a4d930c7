package org.mlgate.scan.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mlgate.core.UsageException;
import org.mlgate.scan.ScanReport;

/** The document formats a scan report is rendered in; all are rendered from the same {@link ScanReport}. */
public enum ReportFormat {
    /** For people: {@link TextReport}. */
    TEXT("text"),
    /** mlgate's own machine-readable format: {@link JsonReport}. */
    JSON("json"),
    /** SARIF 2.1.0 for code-scanning tools: {@link SarifReport}. */
    SARIF("sarif");

    private final String id;

    ReportFormat(String id) {
        this.id = id;
    }

    /** The lower-case name used on the command line. */
    public String id() {
        return id;
    }

    /** The ids of all formats, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(ReportFormat::id).toList();
    }

    /** Parses a user-supplied name (case-insensitive); throws {@link UsageException} naming the valid values. */
    public static ReportFormat parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (ReportFormat f : values()) {
            if (f.id.equals(t)) {
                return f;
            }
        }
        throw new UsageException("unknown format '" + text + "' (expected one of " + String.join(", ", ids()) + ")");
    }

    /** Renders the whole document; JSON and SARIF end with a newline, as does the text. */
    public String render(ScanReport report) {
        return render(report, TextReport.Detail.ALL_FILES);
    }

    /** As {@link #render(ScanReport)}; {@code detail} applies to the text report only (documents list every file). */
    public String render(ScanReport report, TextReport.Detail detail) {
        return switch (this) {
            case TEXT -> TextReport.render(report, detail);
            case JSON -> JsonReport.render(report);
            case SARIF -> SarifReport.render(report);
        };
    }
}
