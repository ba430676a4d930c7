package org.mlgate.scan.report;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.core.Verdict;
import org.mlgate.scan.suppress.SuppressedFinding;
import org.mlgate.scan.suppress.SuppressionNotice;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.ScanReport;

/**
 * The human-readable report. One block per file in scan order: the verdict and path, then for files that
 * are not SAFE the format, size and SHA-256 and every finding (severity, rule, location, message,
 * remediation) and problem. A SAFE file takes one line, plus one line per finding below the fail
 * threshold. A summary line closes the report: {@code N files: X safe, Y unsafe, Z error}.
 *
 * <p>Everything that comes from a scanned file (paths, member names, global names) is printed with control
 * and bidirectional-formatting characters escaped, so a hostile file cannot rewrite the terminal or forge
 * report lines.
 */
public final class TextReport {
    private static final String NL = "\n";

    private TextReport() {
    }

    /** Which files the text report lists. */
    public enum Detail {
        /** Every file, one line for each SAFE one. */
        ALL_FILES,
        /** Only files that are not SAFE or carry findings (for big folders); the summary still counts all. */
        FINDINGS_ONLY
    }

    public static String render(ScanReport report) {
        return render(report, Detail.ALL_FILES);
    }

    public static String render(ScanReport report, Detail detail) {
        StringBuilder sb = new StringBuilder();
        sb.append(clean(report.tool().name())).append(' ').append(clean(report.tool().version()))
                .append(": rule pack ").append(clean(report.rulePackVersion()))
                .append(", fail on ").append(report.failOn())
                .append(", profiles ").append(clean(String.join(", ", report.profiles()))).append(NL);
        sb.append(NL);
        if (report.files().isEmpty()) {
            sb.append("no files found").append(NL);
        }
        Map<String, String> ruleNames = new HashMap<>();
        report.rules().forEach(r -> ruleNames.putIfAbsent(r.id(), r.name()));
        for (FileResult f : report.files()) {
            if (detail == Detail.ALL_FILES || f.verdict() != Verdict.SAFE || !f.findings().isEmpty()
                    || !f.suppressed().isEmpty()) {
                file(sb, f, ruleNames);
            }
        }
        ScanReport.Summary s = report.summary();
        sb.append(NL).append(s.files()).append(s.files() == 1 ? " file: " : " files: ")
                .append(s.safe()).append(" safe");
        long notModels = report.files().stream().filter(f -> f.verdict() == Verdict.SAFE && !f.judged()).count();
        if (notModels > 0) {
            sb.append(" (").append(notModels).append(" not a model)");
        }
        sb.append(", ")
                .append(s.unsafe()).append(" unsafe, ")
                .append(s.error()).append(" error");
        if (s.findings() > 0) {
            sb.append("; ").append(s.findings()).append(s.findings() == 1 ? " finding" : " findings");
        }
        sb.append(NL);
        for (SuppressionNotice n : report.suppressionNotices()) {
            sb.append("suppression ").append(n.status().name().toLowerCase(Locale.ROOT)).append(": ")
                    .append(clean(n.message())).append(NL);
        }
        return sb.toString();
    }

    private static void suppressed(StringBuilder sb, FileResult f) {
        for (SuppressedFinding x : f.suppressed()) {
            sb.append("  suppressed ").append(x.finding().severity()).append(' ').append(x.finding().ruleId())
                    .append(" until ").append(x.expires()).append(" (").append(clean(x.reason())).append(") at ")
                    .append(clean(x.finding().location().display())).append(NL);
        }
    }

    private static void file(StringBuilder sb, FileResult f, Map<String, String> ruleNames) {
        sb.append(pad(f.verdict().name(), 7)).append(' ').append(clean(f.path()));
        if (f.linkTarget() != null) {
            sb.append(" -> ").append(clean(f.linkTarget()));
        }
        if (f.verdict() == Verdict.SAFE) {
            sb.append("  (").append(facts(f)).append(')').append(NL);
            for (Finding x : f.findings()) {
                sb.append("  ").append(x.severity()).append(' ').append(x.ruleId()).append(' ')
                        .append(clean(x.message())).append(" at ").append(clean(x.location().display())).append(NL);
            }
            for (Problem p : f.problems()) { // a SAFE file has none; printed if the model ever says otherwise
                problem(sb, p);
            }
            suppressed(sb, f);
            return;
        }
        sb.append(NL).append("  ").append(facts(f)).append(NL);
        for (Finding x : f.findings()) {
            sb.append("  ").append(pad(x.severity().name(), 8)).append(' ').append(x.ruleId());
            String name = ruleNames.get(x.ruleId());
            if (name != null) {
                sb.append(' ').append(name);
            }
            sb.append(NL);
            sb.append("    at:  ").append(clean(x.location().display())).append(NL);
            sb.append("    why: ").append(clean(x.message())).append(NL);
            sb.append("    fix: ").append(clean(x.remediation())).append(NL);
        }
        for (Problem p : f.problems()) {
            problem(sb, p);
        }
        suppressed(sb, f);
    }

    private static void problem(StringBuilder sb, Problem p) {
        sb.append("  not analysed (").append(p.kind().name().toLowerCase(Locale.ROOT)).append(") at ")
                .append(clean(p.location().display())).append(": ").append(clean(p.message())).append(NL);
    }

    private static String facts(FileResult f) {
        StringBuilder sb = new StringBuilder("format ").append(clean(f.format()));
        if (f.size() >= 0) {
            sb.append(", ").append(f.size()).append(f.size() == 1 ? " byte" : " bytes");
        }
        sb.append(", sha256 ").append(f.sha256() == null ? "not computed" : f.sha256().hex());
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /**
     * Escapes control characters, Unicode format characters (bidirectional overrides, zero-width joiners)
     * and unpaired surrogates as {@code \\uXXXX}; everything else is kept.
     */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                    || (Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))))
                    || (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1))));
            if (bad && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (bad) {
                    sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
