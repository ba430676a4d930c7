package org.mlgate.config;

import java.util.List;
import java.util.Map;

/** A parsed YAML value with where it starts; the binder reads only these, never Jackson's tree. */
sealed interface Node {
    Mark mark();

    /** 1-based position of a node or key in the file. */
    record Mark(int line, int column) {
    }

    /** What a plain or quoted scalar resolved to under the YAML 1.2 core schema. */
    enum ScalarKind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    record Scalar(ScalarKind kind, String text, Mark mark) implements Node {
    }

    /** A key of a mapping, with its own position (unknown keys are reported there). */
    record Key(String name, Mark mark) {
    }

    record Mapping(Map<String, Entry> entries, Mark mark) implements Node {
    }

    record Entry(Key key, Node value) {
    }

    record Sequence(List<Node> items, Mark mark) implements Node {
    }

    /** How a node is described in "expected X, got Y" messages. */
    static String describe(Node n) {
        return switch (n) {
            case Mapping m -> "a mapping";
            case Sequence s -> "a list";
            case Scalar s -> switch (s.kind()) {
                case NULL -> "nothing (null)";
                case STRING -> "\"" + shorten(s.text()) + "\"";
                case BOOLEAN -> s.text();
                case INTEGER, FLOAT -> "the number " + shorten(s.text());
            };
        };
    }

    private static String shorten(String text) {
        String t = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        StringBuilder b = new StringBuilder(t.length());
        t.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
