package org.mlgate.train.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON Lines: one JSON object per line, each with scalar values only, every object with the same keys
 * (in any order). The first object's key order gives the column order. Strings are kept as they are,
 * numbers as their JSON text ({@code 12}, {@code 1.5e3}), booleans as {@code true}/{@code false}. Refused,
 * naming {@code file:line:column}: a line that is not one object, {@code null} (missing values are not
 * supported), nested objects or arrays, duplicate keys, a key the first line did not have or a missing
 * key, empty lines (a final line break is fine). Jackson's stream constraints bound string, name and number
 * lengths and nesting before any value is built.
 */
public final class JsonlReader {
    private final JsonFactory factory;
    private final String source;
    private final ReadLimits limits;

    private JsonlReader(String source, ReadLimits limits) {
        this.source = source;
        this.limits = limits;
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(2)
                        .maxStringLength(limits.maxFieldChars())
                        .maxNameLength(limits.maxFieldChars())
                        .maxNumberLength(400)
                        .maxDocumentLength(limits.maxLineChars())
                        .build())
                .build();
    }

    public static Table read(Path file, ReadLimits limits) {
        return parse(TextInput.readBounded(file, limits), file.toString(), limits);
    }

    public static Table parse(byte[] data, String source, ReadLimits limits) {
        return new JsonlReader(source, limits).table(TextInput.decode(data, source, limits));
    }

    private Table table(String text) {
        List<Column> columns = null;
        Map<String, Integer> index = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int line = 0;
        for (String content : TextInput.lines(text, source, limits)) {
            line++;
            if (content.isBlank()) {
                throw DataErrors.at(source, line, 1, "empty line");
            }
            if (rows.size() >= limits.maxRows()) {
                throw DataErrors.at(source, line, 1, "more than the limit of " + limits.maxRows() + " rows");
            }
            List<Field> fields = object(content, line);
            if (columns == null) {
                columns = new ArrayList<>();
                index = new HashMap<>();
                for (Field f : fields) {
                    index.put(f.name(), columns.size());
                    columns.add(Column.undeclared(f.name()));
                }
            }
            if ((long) (rows.size() + 1) * columns.size() > limits.maxCells()) {
                throw DataErrors.at(source, line, 1, "more than the limit of " + limits.maxCells() + " cells");
            }
            String[] row = new String[columns.size()];
            for (Field f : fields) {
                Integer c = index.get(f.name());
                if (c == null) {
                    throw DataErrors.at(source, line, f.column(), "key " + DataErrors.quote(f.name())
                            + " is not in the first line's keys");
                }
                row[c] = f.value();
            }
            for (int c = 0; c < row.length; c++) {
                if (row[c] == null) {
                    throw DataErrors.at(source, line, 1, "key " + DataErrors.quote(columns.get(c).name())
                            + " is missing (every line needs the first line's keys)");
                }
            }
            rows.add(row);
            lines.add(line);
        }
        if (columns == null) {
            throw DataErrors.of(source, "empty file: no JSON object");
        }
        return new Table(source, columns, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    private record Field(String name, String value, int column) { }

    private List<Field> object(String content, int line) {
        List<Field> fields = new ArrayList<>();
        try (JsonParser p = factory.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw DataErrors.at(source, line, column(p), "not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int col = column(p);
                if (name.isEmpty()) {
                    throw DataErrors.at(source, line, col, "empty key");
                }
                if (fields.size() >= limits.maxColumns()) {
                    throw DataErrors.at(source, line, col, "more than the limit of " + limits.maxColumns() + " keys");
                }
                JsonToken v = p.nextToken();
                String value = switch (v) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
                    case VALUE_TRUE -> "true";
                    case VALUE_FALSE -> "false";
                    case VALUE_NULL -> throw DataErrors.at(source, line, column(p), "null value for "
                            + DataErrors.quote(name) + " (missing values are not supported)");
                    case START_OBJECT, START_ARRAY -> throw DataErrors.at(source, line, column(p), "nested value for "
                            + DataErrors.quote(name) + " (only strings, numbers and booleans)");
                    default -> throw DataErrors.at(source, line, column(p), "unexpected " + v);
                };
                fields.add(new Field(name, value, col));
            }
            if (t != JsonToken.END_OBJECT) {
                throw DataErrors.at(source, line, column(p), "unexpected " + t);
            }
            if (p.nextToken() != null) {
                throw DataErrors.at(source, line, column(p), "text after the JSON object");
            }
        } catch (JsonProcessingException e) {
            int col = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
            throw DataErrors.at(source, line, col, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw DataErrors.at(source, line, 1, "cannot parse: " + e.getMessage());
        }
        if (fields.isEmpty()) {
            throw DataErrors.at(source, line, 1, "empty object");
        }
        return fields;
    }

    private static int column(JsonParser p) {
        return Math.max(1, p.currentTokenLocation().getColumnNr());
    }
}
