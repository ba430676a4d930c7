package org.mlgate.cli;

import java.util.Iterator;
import org.mlgate.core.UsageException;
import org.mlgate.scan.report.ReportFormat;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The shared {@code --format} option (a picocli mixin) for commands that write a scan report. */
public final class FormatOption {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            converter = Converter.class, completionCandidates = Candidates.class,
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). "
                    + "json follows the schema mlgate-scan-report/v2 (snake_case); sarif is SARIF 2.1.0.")
    ReportFormat format;

    public ReportFormat format() {
        return format;
    }

    static final class Converter implements CommandLine.ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            try {
                return ReportFormat.parse(value);
            } catch (UsageException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ReportFormat.ids().iterator();
        }
    }
}
