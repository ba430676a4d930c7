package org.mlgate.scan.report;

import java.util.List;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;
import org.mlgate.core.ToolInfo;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.policy.BuiltinProfiles;
import org.mlgate.scan.policy.Profile;

/**
 * What a scanner checks, for {@code mlgate scan --list-rules}: every rule, and every active allowlist
 * profile (built-in and user-supplied) with its version, source and number of allowed globals. Rendered as
 * text or as JSON ({@value #SCHEMA_VERSION}).
 */
public final class RuleListReport {
    /** v2: snake_case field names (v1 was camelCase). */
    public static final String SCHEMA_VERSION = "mlgate-rule-list/v2";

    private RuleListReport() {
    }

    public record Document(String schemaVersion, JsonReport.ToolEntry tool, String rulePackVersion,
                           List<RuleEntry> rules, List<ProfileEntry> profiles, int denylistEntries) {
        public Document {
            rules = List.copyOf(rules);
            profiles = List.copyOf(profiles);
        }
    }

    public record RuleEntry(String id, String name, Severity defaultSeverity, String description,
                            String remediation) { }

    /** An active profile; {@code builtin} is false for profiles given with {@code --profile}. */
    public record ProfileEntry(String id, String name, String version, boolean builtin, String source,
                               int allowedEntries, String description) { }

    /** The rules and active profiles of {@code scanner}. */
    public static Document of(Scanner scanner) {
        ToolInfo tool = ToolInfo.current();
        List<RuleEntry> rules = ScanRules.all().stream().map(RuleListReport::rule).toList();
        List<ProfileEntry> profiles = scanner.policy().profiles().stream().map(RuleListReport::profile).toList();
        return new Document(SCHEMA_VERSION, new JsonReport.ToolEntry(tool.name(), tool.version()),
                BuiltinProfiles.RULE_PACK_VERSION, rules, profiles, scanner.policy().denylist().size());
    }

    public static String renderJson(Document doc) {
        return ReportJson.write(ReportJson.ALWAYS, doc);
    }

    public static String renderText(Document doc) {
        StringBuilder sb = new StringBuilder();
        sb.append("Rules (rule pack ").append(doc.rulePackVersion()).append("):\n");
        int idWidth = doc.rules().stream().mapToInt(r -> r.id().length()).max().orElse(0);
        int nameWidth = doc.rules().stream().mapToInt(r -> r.name().length()).max().orElse(0);
        for (RuleEntry r : doc.rules()) {
            sb.append("  ").append(pad(r.id(), idWidth)).append("  ").append(pad(r.defaultSeverity().name(), 8))
                    .append("  ").append(pad(r.name(), nameWidth)).append("  ").append(r.description()).append('\n');
        }
        sb.append('\n').append("Allowlist profiles (all active; a global is allowed only if one of them lists it):\n");
        int profWidth = doc.profiles().stream().mapToInt(p -> TextReport.clean(p.id()).length()).max().orElse(0);
        for (ProfileEntry p : doc.profiles()) {
            sb.append("  ").append(pad(TextReport.clean(p.id()), profWidth)).append("  ")
                    .append(p.builtin() ? "built-in" : "from " + TextReport.clean(p.source()))
                    .append(", ").append(p.allowedEntries()).append(p.allowedEntries() == 1 ? " entry" : " entries");
            if (!p.description().isBlank()) {
                sb.append(": ").append(TextReport.clean(p.description()));
            }
            sb.append('\n');
        }
        sb.append('\n').append("Denylist: ").append(doc.denylistEntries())
                .append(" built-in entries (they explain and raise severity; they never allow anything)\n");
        return sb.toString();
    }

    private static RuleEntry rule(Rule r) {
        return new RuleEntry(r.id(), r.name(), r.defaultSeverity(), r.description(), r.remediation());
    }

    private static ProfileEntry profile(Profile p) {
        return new ProfileEntry(p.id(), p.name(), p.version(), BuiltinProfiles.all().contains(p), p.source(),
                p.allowed().size(), p.description());
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
