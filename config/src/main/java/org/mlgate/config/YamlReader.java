package org.mlgate.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Bytes to a {@link Node} tree through Jackson's streaming YAML parser, refusing what a configuration never
 * needs and an attacker could use: anchors and aliases (so no "billion laughs"), explicit tags, duplicate keys,
 * more than one document, invalid UTF-8, and anything beyond the {@link ConfigLimits}. Scalars resolve by the
 * YAML 1.2 core schema: only {@code true}/{@code false} are booleans ({@code yes}, {@code on} stay strings) and
 * YAML 1.1 number forms ({@code 1_000}, {@code 0b101}, sexagesimal) stay strings.
 */
final class YamlReader {
    private static final Pattern INT_12 = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
    private static final Pattern FLOAT_12 = Pattern.compile(
            "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    private final String file;
    private final ConfigLimits limits;
    private final YAMLParser parser;
    private int nodes;

    private YamlReader(String file, ConfigLimits limits, YAMLParser parser) {
        this.file = file;
        this.limits = limits;
        this.parser = parser;
    }

    /** Parses one YAML document; an empty document is an empty mapping. */
    static Node read(byte[] bytes, String file, ConfigLimits limits) {
        if (bytes.length > limits.maxBytes()) {
            throw new ConfigException(file, 0, 0, "", "file is " + bytes.length + " bytes, more than the "
                    + limits.maxBytes() + " allowed for a configuration file");
        }
        String text = decode(bytes, file);
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(limits.maxDepth() + 3);
        options.setCodePointLimit(Math.max(text.length(), 1));
        options.setProcessComments(false);
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(options)
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() + 3)
                        .maxStringLength(limits.maxScalarChars())
                        .maxNameLength(limits.maxScalarChars())
                        .maxNumberLength(1000)
                        .build())
                .build();
        try (YAMLParser p = (YAMLParser) factory.createParser(text)) {
            YamlReader r = new YamlReader(file, limits, p);
            JsonToken first = r.next();
            if (first == null) {
                return new Node.Mapping(Map.of(), new Node.Mark(1, 1));
            }
            Node root = r.value(first, 0);
            if (r.next() != null) {
                throw r.error(p.currentTokenLocation(), "more than one YAML document (one configuration per file)");
            }
            return root;
        } catch (JacksonException e) {
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                // SnakeYAML's problem mark is where the error is; Jackson reports the start of the context.
                throw new ConfigException(file, m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1,
                        "", "not valid YAML: " + problemText(m.getMessage()));
            }
            JsonLocation at = e.getLocation();
            throw new ConfigException(file, at == null ? 0 : Math.max(at.getLineNr(), 0),
                    at == null ? 0 : Math.max(at.getColumnNr(), 0), "", "not valid YAML: " + problemText(
                            e.getOriginalMessage()));
        } catch (YAMLException e) {
            throw new ConfigException(file, 0, 0, "", "not valid YAML: " + problemText(e.getMessage()));
        } catch (IOException e) {
            // Reading from a String: no real I/O can fail; a parser failure is reported as invalid YAML.
            throw new ConfigException(file, 0, 0, "", "not valid YAML: " + problemText(e.getMessage()));
        }
    }

    /**
     * SnakeYAML's messages interleave the problem with "in 'reader', line …" and a source snippet; keep only the
     * problem lines (the position is reported once, in front).
     */
    private static String problemText(String message) {
        if (message == null) {
            return "unreadable";
        }
        String text = message.lines()
                .filter(l -> !l.isBlank() && !l.startsWith(" ") && !l.startsWith("\t"))
                .map(String::strip)
                .collect(java.util.stream.Collectors.joining(": "));
        return text.isEmpty() ? "unreadable" : text;
    }

    private static String decode(byte[] bytes, String file) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, 0, 0, "", "not valid UTF-8");
        }
    }

    private JsonToken next() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null) {
            return null;
        }
        if (parser.isCurrentAlias()) {
            throw error(parser.currentTokenLocation(), "aliases (*" + parser.getText()
                    + ") are not allowed in configuration files: write the value out");
        }
        if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
            String anchor = parser.getObjectId();
            if (anchor != null) {
                throw error(parser.currentTokenLocation(), "anchors (&" + anchor
                        + ") are not allowed in configuration files");
            }
            String tag = parser.getTypeId();
            if (tag != null) {
                throw error(parser.currentTokenLocation(), "explicit tags (" + tag
                        + ") are not allowed in configuration files");
            }
        }
        return t;
    }

    private Node value(JsonToken t, int depth) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        Node.Mark mark = mark(at);
        if (++nodes > limits.maxNodes()) {
            throw error(at, "more than " + limits.maxNodes() + " values");
        }
        if (depth > limits.maxDepth()) {
            throw error(at, "nested more than " + limits.maxDepth() + " levels deep");
        }
        return switch (t) {
            case START_OBJECT -> mapping(mark, depth);
            case START_ARRAY -> sequence(mark, depth);
            case VALUE_STRING -> scalar(Node.ScalarKind.STRING, mark);
            case VALUE_NUMBER_INT -> numberOrString(INT_12, Node.ScalarKind.INTEGER, mark);
            case VALUE_NUMBER_FLOAT -> numberOrString(FLOAT_12, Node.ScalarKind.FLOAT, mark);
            case VALUE_TRUE, VALUE_FALSE -> scalar(Node.ScalarKind.BOOLEAN, mark);
            case VALUE_NULL -> new Node.Scalar(Node.ScalarKind.NULL, "", mark);
            default -> throw error(at, "unexpected YAML content (" + t + ")");
        };
    }

    private Node.Scalar scalar(Node.ScalarKind kind, Node.Mark mark) throws IOException {
        return new Node.Scalar(kind, parser.getText(), mark);
    }

    /** Jackson also accepts YAML 1.1 number forms; under 1.2 they are strings. */
    private Node.Scalar numberOrString(Pattern yaml12, Node.ScalarKind kind, Node.Mark mark) throws IOException {
        String text = parser.getText();
        if (yaml12.matcher(text).matches()) {
            return new Node.Scalar(kind, text, mark);
        }
        if (kind == Node.ScalarKind.INTEGER && FLOAT_12.matcher(text).matches()) {
            return new Node.Scalar(Node.ScalarKind.FLOAT, text, mark);
        }
        return new Node.Scalar(Node.ScalarKind.STRING, text, mark);
    }

    private Node mapping(Node.Mark mark, int depth) throws IOException {
        Map<String, Node.Entry> entries = new LinkedHashMap<>();
        JsonToken t;
        while ((t = next()) == JsonToken.FIELD_NAME) {
            JsonLocation at = parser.currentTokenLocation();
            String name = parser.currentName();
            Node.Key key = new Node.Key(name, mark(at));
            Node.Entry previous = entries.get(name);
            if (previous != null) {
                throw error(at, "duplicate key \"" + name + "\" (first at line " + previous.key().mark().line()
                        + ")");
            }
            JsonToken v = next();
            if (v == null) {
                throw error(at, "mapping ends without a value for \"" + name + "\"");
            }
            entries.put(name, new Node.Entry(key, value(v, depth + 1)));
        }
        if (t != JsonToken.END_OBJECT) {
            throw error(parser.currentTokenLocation(), "mapping not closed");
        }
        return new Node.Mapping(entries, mark);
    }

    private Node sequence(Node.Mark mark, int depth) throws IOException {
        List<Node> items = new ArrayList<>();
        JsonToken t;
        while ((t = next()) != null && t != JsonToken.END_ARRAY) {
            items.add(value(t, depth + 1));
        }
        if (t == null) {
            throw error(parser.currentTokenLocation(), "list not closed");
        }
        return new Node.Sequence(items, mark);
    }

    private static Node.Mark mark(JsonLocation at) {
        return new Node.Mark(Math.max(at.getLineNr(), 1), Math.max(at.getColumnNr(), 1));
    }

    private ConfigException error(JsonLocation at, String problem) {
        Node.Mark m = mark(at);
        return new ConfigException(file, m.line(), m.column(), "", problem);
    }
}
