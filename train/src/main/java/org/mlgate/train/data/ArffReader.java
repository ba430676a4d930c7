package org.mlgate.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Weka's ARFF (dense form): {@code @relation NAME}, then {@code @attribute NAME TYPE} lines with TYPE
 * {@code numeric}, {@code real}, {@code integer}, {@code string} or a nominal list {@code {a, 'b c', "d"}},
 * then {@code @data} and one comma-separated row per line. Keywords are case-insensitive; lines starting with
 * {@code %} are comments; names and values may be quoted with {@code '} or {@code "} (backslash escapes
 * {@code \\ \' \" \n \t \r} inside quotes); unquoted values are trimmed. Every cell is checked against its
 * declaration while reading: a nominal value not in the list, or a numeric cell that is not a finite decimal
 * number, is an error naming {@code file:line:column}. Refused as unsupported: {@code date} and
 * {@code relational} attributes, sparse rows {@code {...}}, missing values {@code ?}, instance weights.
 */
public final class ArffReader {
    private final String source;
    private final ReadLimits limits;
    private int lineNo;

    private ArffReader(String source, ReadLimits limits) {
        this.source = source;
        this.limits = limits;
    }

    public static Table read(Path file, ReadLimits limits) {
        return parse(TextInput.readBounded(file, limits), file.toString(), limits);
    }

    public static Table parse(byte[] data, String source, ReadLimits limits) {
        return new ArffReader(source, limits).table(TextInput.decode(data, source, limits));
    }

    private record Token(String text, int column, boolean quoted) { }

    private Table table(String text) {
        List<Column> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        boolean relation = false;
        boolean data = false;
        for (String line : TextInput.lines(text, source, limits)) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("%")) {
                continue;
            }
            int indent = line.indexOf(trimmed.charAt(0)) + 1;
            if (data) {
                if (rows.size() >= limits.maxRows()) {
                    throw DataErrors.at(source, lineNo, 1, "more than the limit of " + limits.maxRows() + " rows");
                }
                if ((long) (rows.size() + 1) * columns.size() > limits.maxCells()) {
                    throw DataErrors.at(source, lineNo, 1, "more than the limit of " + limits.maxCells() + " cells");
                }
                rows.add(row(line, columns));
                lines.add(lineNo);
                continue;
            }
            String keyword = keyword(trimmed);
            switch (keyword) {
                case "@relation" -> {
                    if (relation) {
                        throw DataErrors.at(source, lineNo, indent, "second @relation");
                    }
                    relation = true;
                }
                case "@attribute" -> {
                    if (!relation) {
                        throw DataErrors.at(source, lineNo, indent, "@attribute before @relation");
                    }
                    Column c = attribute(line, indent + keyword.length());
                    if (!names.add(c.name())) {
                        throw DataErrors.at(source, lineNo, indent, "duplicate attribute " + DataErrors.quote(c.name()));
                    }
                    if (columns.size() >= limits.maxColumns()) {
                        throw DataErrors.at(source, lineNo, indent, "more than the limit of " + limits.maxColumns()
                                + " attributes");
                    }
                    columns.add(c);
                }
                case "@data" -> {
                    if (columns.isEmpty()) {
                        throw DataErrors.at(source, lineNo, indent, "@data before any @attribute");
                    }
                    if (!trimmed.substring(keyword.length()).isBlank()) {
                        throw DataErrors.at(source, lineNo, indent + keyword.length(), "text after @data");
                    }
                    data = true;
                }
                default -> throw DataErrors.at(source, lineNo, indent, "expected @relation, @attribute or @data, got "
                        + DataErrors.quote(keyword));
            }
        }
        if (!data) {
            throw DataErrors.of(source, "no @data section");
        }
        return new Table(source, columns, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    private static String keyword(String trimmed) {
        int i = 0;
        while (i < trimmed.length() && !Character.isWhitespace(trimmed.charAt(i))) {
            i++;
        }
        return trimmed.substring(0, i).toLowerCase(Locale.ROOT);
    }

    /** {@code @attribute NAME TYPE}; {@code from} is the 1-based column just after the keyword. */
    private Column attribute(String line, int from) {
        int i = skipSpaces(line, from - 1);
        if (i >= line.length()) {
            throw DataErrors.at(source, lineNo, i + 1, "@attribute without a name");
        }
        int[] cursor = {i};
        Token name = token(line, cursor, true);
        if (name.text().isEmpty()) {
            throw DataErrors.at(source, lineNo, name.column(), "empty attribute name");
        }
        i = skipSpaces(line, cursor[0]);
        if (i >= line.length()) {
            throw DataErrors.at(source, lineNo, i + 1, "attribute " + DataErrors.quote(name.text()) + " has no type");
        }
        String type = line.substring(i).strip();
        if (type.startsWith("{")) {
            return new Column(name.text(), new ColumnType.Nominal(nominal(line, i)));
        }
        String lower = type.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "numeric", "real", "integer" -> new Column(name.text(), new ColumnType.Numeric());
            case "string" -> new Column(name.text(), new ColumnType.Text());
            default -> {
                if (lower.startsWith("date") || lower.startsWith("relational")) {
                    throw DataErrors.at(source, lineNo, i + 1, "unsupported attribute type " + DataErrors.quote(type));
                }
                throw DataErrors.at(source, lineNo, i + 1, "unknown attribute type " + DataErrors.quote(type));
            }
        };
    }

    /** The values of {@code {a, 'b', ...}} starting at index {@code open} (the brace). */
    private List<String> nominal(String line, int open) {
        int close = closingBrace(line, open);
        List<Token> tokens = tokens(line.substring(0, close), open + 1, false);
        if (!line.substring(close + 1).isBlank()) {
            throw DataErrors.at(source, lineNo, close + 2, "text after the nominal list");
        }
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Token t : tokens) {
            if (t.text().isEmpty() && !t.quoted()) {
                throw DataErrors.at(source, lineNo, t.column(), "empty nominal value");
            }
            if (!seen.add(t.text())) {
                throw DataErrors.at(source, lineNo, t.column(), "duplicate nominal value " + DataErrors.quote(t.text()));
            }
            values.add(t.text());
        }
        return values;
    }

    /** Index of the brace closing the list, skipping quoted text. */
    private int closingBrace(String line, int open) {
        char quote = 0;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '}') {
                return i;
            }
        }
        throw DataErrors.at(source, lineNo, open + 1, "nominal list without a closing brace");
    }

    private String[] row(String line, List<Column> columns) {
        int first = skipSpaces(line, 0);
        if (line.charAt(first) == '{') {
            throw DataErrors.at(source, lineNo, first + 1, "sparse rows are not supported");
        }
        List<Token> tokens = tokens(line, 0, true);
        if (tokens.size() != columns.size()) {
            Token at = tokens.get(Math.min(tokens.size(), columns.size()) - 1);
            throw DataErrors.at(source, lineNo, at.column(), "ragged row: " + tokens.size() + " values, expected "
                    + columns.size());
        }
        String[] row = new String[tokens.size()];
        for (int c = 0; c < row.length; c++) {
            Token t = tokens.get(c);
            if (!t.quoted() && t.text().equals("?")) {
                throw DataErrors.at(source, lineNo, t.column(), "missing value '?' for " + DataErrors.quote(
                        columns.get(c).name()) + " (missing values are not supported)");
            }
            switch (columns.get(c).type()) {
                case ColumnType.Nominal n when !n.values().contains(t.text()) -> throw DataErrors.at(source, lineNo,
                        t.column(), "unknown nominal value " + DataErrors.quote(t.text()) + " for "
                                + DataErrors.quote(columns.get(c).name()));
                case ColumnType.Numeric n when Numbers.parse(t.text()) == null -> throw DataErrors.at(source, lineNo,
                        t.column(), "not a number: " + DataErrors.quote(t.text()) + " for "
                                + DataErrors.quote(columns.get(c).name()));
                default -> { }
            }
            row[c] = t.text();
        }
        return row;
    }

    /** Comma-separated tokens of {@code s} from index {@code from}; {@code data} rows must not end with a comma. */
    private List<Token> tokens(String s, int from, boolean data) {
        List<Token> out = new ArrayList<>();
        int[] cursor = {from};
        while (true) {
            if (out.size() >= limits.maxColumns()) {
                throw DataErrors.at(source, lineNo, cursor[0] + 1, "more than the limit of " + limits.maxColumns()
                        + " values");
            }
            cursor[0] = skipSpaces(s, cursor[0]);
            Token t = token(s, cursor, false);
            out.add(t);
            int i = skipSpaces(s, cursor[0]);
            if (i >= s.length()) {
                return out;
            }
            if (s.charAt(i) != ',') {
                throw DataErrors.at(source, lineNo, i + 1, "expected a comma, got " + DataErrors.quote(
                        String.valueOf(s.charAt(i))));
            }
            cursor[0] = i + 1;
            if (data && skipSpaces(s, cursor[0]) >= s.length()) {
                throw DataErrors.at(source, lineNo, cursor[0] + 1, "row ends with a comma");
            }
        }
    }

    /**
     * One name or value at {@code cursor[0]}: quoted (escapes decoded) or bare. A bare name ends at white space;
     * a bare value ends at a comma (trailing spaces dropped).
     */
    private Token token(String s, int[] cursor, boolean name) {
        int i = cursor[0];
        int column = i + 1;
        StringBuilder sb = new StringBuilder();
        if (i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"')) {
            char quote = s.charAt(i++);
            while (true) {
                if (i >= s.length()) {
                    throw DataErrors.at(source, lineNo, column, "unterminated quote");
                }
                char c = s.charAt(i++);
                if (c == quote) {
                    break;
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        throw DataErrors.at(source, lineNo, column, "unterminated quote");
                    }
                    char e = s.charAt(i++);
                    c = switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case '\\', '\'', '"', '%' -> e;
                        default -> throw DataErrors.at(source, lineNo, i - 1, "unknown escape \\" + e);
                    };
                }
                appendBounded(sb, c, column);
            }
            cursor[0] = i;
            return new Token(sb.toString(), column, true);
        }
        while (i < s.length()) {
            char c = s.charAt(i);
            if (name ? Character.isWhitespace(c) : c == ',') {
                break;
            }
            if (c == '\'' || c == '"') {
                throw DataErrors.at(source, lineNo, i + 1, "quote inside an unquoted value");
            }
            appendBounded(sb, c, column);
            i++;
        }
        cursor[0] = i;
        return new Token(sb.toString().strip(), column, false);
    }

    private void appendBounded(StringBuilder sb, char c, int column) {
        if (sb.length() >= limits.maxFieldChars()) {
            throw DataErrors.at(source, lineNo, column, "value longer than the limit of " + limits.maxFieldChars()
                    + " characters");
        }
        sb.append(c);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
