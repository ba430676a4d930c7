package org.mlgate.scan;

import java.util.List;
import org.mlgate.core.ExitCode;
import org.mlgate.core.FailPolicy;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;
import org.mlgate.core.ToolInfo;
import org.mlgate.core.Verdict;
import org.mlgate.scan.suppress.SuppressionNotice;

/**
 * Everything a scan produced; every report format (text, JSON, SARIF) is rendered from this one model.
 */
public record ScanReport(ToolInfo tool, String rulePackVersion, List<String> profiles, Severity failOn,
                         List<Rule> rules, List<FileResult> files, Summary summary,
                         List<SuppressionNotice> suppressionNotices) {
    public ScanReport {
        profiles = List.copyOf(profiles);
        rules = List.copyOf(rules);
        files = List.copyOf(files);
        suppressionNotices = List.copyOf(suppressionNotices);
    }

    public ScanReport(ToolInfo tool, String rulePackVersion, List<String> profiles, Severity failOn, List<Rule> rules,
                      List<FileResult> files, Summary summary) {
        this(tool, rulePackVersion, profiles, failOn, rules, files, summary, List.of());
    }

    public record Summary(int files, int safe, int unsafe, int error, int findings) {
        public static Summary of(List<FileResult> files) {
            int safe = 0;
            int unsafe = 0;
            int error = 0;
            int findings = 0;
            for (FileResult f : files) {
                switch (f.verdict()) {
                    case SAFE -> safe++;
                    case UNSAFE -> unsafe++;
                    case ERROR -> error++;
                }
                findings += f.findings().size();
            }
            return new Summary(files.size(), safe, unsafe, error, findings);
        }
    }

    public ExitCode exitCode() {
        return FailPolicy.exitCode(files.stream().map(FileResult::verdict).toList());
    }

    public List<Verdict> verdicts() {
        return files.stream().map(FileResult::verdict).toList();
    }
}
