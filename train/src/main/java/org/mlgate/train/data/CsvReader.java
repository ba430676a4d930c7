package org.mlgate.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads comma-separated values as RFC 4180 defines them: fields optionally in double quotes, a quote inside
 * a quoted field doubled ({@code ""}), quoted fields may hold commas and line breaks, records end with CRLF
 * or LF, and the final line break is optional. Stricter than most readers, on purpose: a quote inside an
 * unquoted field, text after a closing quote, a bare CR, an empty line, a row wider or narrower than the
 * header, a duplicate or empty column name are errors naming {@code file:line:column}. Input must be UTF-8
 * (a leading byte-order mark is dropped). Cells are kept exactly as written (no trimming).
 *
 * <p>With {@link Options#header()} false every record is data and the columns are named {@code c0, c1, ...}.
 * scikit-learn's own CSV layout (a count line instead of a header) is read by {@link SklearnCsv}.
 */
public final class CsvReader {
    /** @param header whether the first record names the columns */
    public record Options(boolean header) {
        public static final Options HEADER = new Options(true);
        public static final Options NO_HEADER = new Options(false);
    }

    private final String text;
    private final String source;
    private final ReadLimits limits;
    private int pos;
    private int line;
    private int lineStart;
    private final StringBuilder field = new StringBuilder();

    private CsvReader(String text, String source, ReadLimits limits, int firstLine) {
        this.text = text;
        this.source = source;
        this.limits = limits;
        this.line = firstLine;
    }

    public static Table read(Path file, Options options, ReadLimits limits) {
        return parse(TextInput.readBounded(file, limits), file.toString(), options, limits);
    }

    public static Table parse(byte[] data, String source, Options options, ReadLimits limits) {
        return parseText(TextInput.decode(data, source, limits), source, options, limits, 1);
    }

    /** Parses decoded text whose first character is on line {@code firstLine} of {@code source}. */
    static Table parseText(String text, String source, Options options, ReadLimits limits, int firstLine) {
        return new CsvReader(text, source, limits, firstLine).table(options.header());
    }

    private record Record(List<String> fields, int[] columns, int line) { }

    private Table table(boolean header) {
        List<Column> columns = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        if (text.isEmpty()) {
            if (header) {
                throw DataErrors.at(source, line, 1, "empty file: no header row");
            }
            return new Table(source, List.of(), List.of(), new int[0]);
        }
        while (pos < text.length()) {
            Record r = record();
            if (columns == null) {
                columns = header ? header(r) : generatedNames(r.fields().size());
                if (header) {
                    continue;
                }
            }
            if (r.fields().size() != columns.size()) {
                int col = r.fields().size() > columns.size() ? r.columns()[columns.size()] : r.columns()[0];
                // scikit-learn's count line read as a header is the usual cause on the first row: name the fix
                boolean countLine = header && rows.isEmpty() && columns.size() >= 3
                        && columns.get(0).name().matches("[0-9]+") && columns.get(1).name().matches("[0-9]+");
                throw DataErrors.at(source, r.line(), col, "ragged row: " + r.fields().size() + " fields, expected "
                        + columns.size() + (countLine ? " (the first line looks like scikit-learn's count line "
                        + "n_samples,n_features,classes...: read it with --data-format sklearn-csv)" : ""));
            }
            if (rows.size() >= limits.maxRows()) {
                throw DataErrors.at(source, r.line(), 1, "more than the limit of " + limits.maxRows() + " rows");
            }
            if ((long) (rows.size() + 1) * columns.size() > limits.maxCells()) {
                throw DataErrors.at(source, r.line(), 1, "more than the limit of " + limits.maxCells() + " cells");
            }
            rows.add(r.fields().toArray(String[]::new));
            lines.add(r.line());
        }
        return new Table(source, columns, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    private List<Column> header(Record r) {
        Map<String, Integer> seen = new HashMap<>();
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < r.fields().size(); i++) {
            String name = r.fields().get(i);
            if (name.isEmpty()) {
                throw DataErrors.at(source, r.line(), r.columns()[i], "empty column name");
            }
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                throw DataErrors.at(source, r.line(), r.columns()[i], "duplicate column " + DataErrors.quote(name)
                        + " (also column " + (first + 1) + ")");
            }
            columns.add(Column.undeclared(name));
        }
        return columns;
    }

    private static List<Column> generatedNames(int width) {
        List<Column> columns = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            columns.add(Column.undeclared("c" + i));
        }
        return columns;
    }

    /** One record from {@code pos}, which is at the start of a line; leaves {@code pos} after its line break. */
    private Record record() {
        int recordLine = line;
        int recordStart = pos;
        List<String> fields = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        if (atLineEnd()) {
            throw DataErrors.at(source, line, 1, "empty line");
        }
        while (true) {
            if (fields.size() >= limits.maxColumns()) {
                throw DataErrors.at(source, line, column(), "more than the limit of " + limits.maxColumns()
                        + " columns");
            }
            cols.add(column());
            fields.add(pos < text.length() && text.charAt(pos) == '"' ? quoted(recordStart) : unquoted(recordStart));
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                continue;
            }
            endOfLine();
            break;
        }
        return new Record(fields, cols.stream().mapToInt(Integer::intValue).toArray(), recordLine);
    }

    private boolean atLineEnd() {
        return pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r';
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private String unquoted(int recordStart) {
        int start = pos;
        int fieldEnd = Math.min(text.length(), start + limits.maxFieldChars());
        int recordEnd = Math.min(text.length(), recordStart + limits.maxLineChars());
        int end = Math.min(fieldEnd, recordEnd);
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == ',' || c == '\n' || c == '\r') {
                return text.substring(start, pos);
            }
            if (c == '"') {
                throw DataErrors.at(source, line, column(), "quote inside an unquoted field (quote the whole field "
                        + "and double the quote)");
            }
            pos++;
        }
        if (pos >= text.length()) {
            return text.substring(start, pos);
        }
        char c = text.charAt(pos);
        if (c == ',' || c == '\n' || c == '\r') {
            return text.substring(start, pos);
        }
        throw pos == recordEnd
                ? DataErrors.at(source, line, column(), "record longer than the limit of " + limits.maxLineChars()
                        + " characters")
                : DataErrors.at(source, line, column(), "field longer than the limit of " + limits.maxFieldChars()
                        + " characters");
    }

    private String quoted(int recordStart) {
        int startLine = line;
        int startCol = column();
        field.setLength(0);
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw DataErrors.at(source, startLine, startCol, "unterminated quote: the field runs to the end of "
                        + "the file");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                    append('"', recordStart);
                    pos += 2;
                    continue;
                }
                pos++;
                if (!atLineEnd() && text.charAt(pos) != ',') {
                    throw DataErrors.at(source, line, column(), "text after the closing quote of a field");
                }
                return field.toString();
            }
            append(c, recordStart);
            pos++;
            if (c == '\n') {
                line++;
                lineStart = pos;
            }
        }
    }

    private void append(char c, int recordStart) {
        if (field.length() >= limits.maxFieldChars()) {
            throw DataErrors.at(source, line, column(), "field longer than the limit of " + limits.maxFieldChars()
                    + " characters");
        }
        if (pos - recordStart >= limits.maxLineChars()) {
            throw DataErrors.at(source, line, column(), "record longer than the limit of " + limits.maxLineChars()
                    + " characters");
        }
        field.append(c);
    }

    private void endOfLine() {
        if (pos >= text.length()) {
            return;
        }
        char c = text.charAt(pos);
        if (c == '\r') {
            if (pos + 1 >= text.length() || text.charAt(pos + 1) != '\n') {
                throw DataErrors.at(source, line, column(), "carriage return not followed by a line feed");
            }
            pos += 2;
        } else if (c == '\n') {
            pos++;
        } else {
            throw new IllegalStateException("record ended at " + c);
        }
        line++;
        lineStart = pos;
    }
}
