package org.mlgate.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The shared {@code -f/--format text|json} option (a picocli mixin): the format of the report a command prints. Values
 * are case-insensitive; json is mlgate's snake_case JSON ({@link Json}).
 */
public final class ReportFormatOption {
    /** The report formats. */
    public enum Format { TEXT, JSON }

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text", converter = Converter.class,
            completionCandidates = Candidates.class,
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.TEXT;

    public Format format() {
        return format;
    }

    public boolean json() {
        return format == Format.JSON;
    }

    static final class Converter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "text" -> Format.TEXT;
                case "json" -> Format.JSON;
                default -> throw new CommandLine.TypeConversionException("must be text or json, got '" + value + "'");
            };
        }
    }

    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("text", "json").iterator();
        }
    }
}
