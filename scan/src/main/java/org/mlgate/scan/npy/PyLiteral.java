package org.mlgate.scan.npy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few Python literals a .npy header uses, parsed without evaluating anything: strings, integers,
 * True/False/None, tuples, lists and dicts. Depth and size are bounded by {@link Parser}.
 */
public sealed interface PyLiteral {
    record Str(String value) implements PyLiteral { }

    record Int(BigInteger value) implements PyLiteral { }

    record Bool(boolean value) implements PyLiteral { }

    record None() implements PyLiteral { }

    record Tuple(List<PyLiteral> items) implements PyLiteral {
        public Tuple {
            items = List.copyOf(items);
        }
    }

    record PyList(List<PyLiteral> items) implements PyLiteral {
        public PyList {
            items = List.copyOf(items);
        }
    }

    /** Keys are kept in order; numpy headers only use string keys. */
    record Dict(Map<PyLiteral, PyLiteral> entries) implements PyLiteral {
        public Dict {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    /** A syntax error at a character position of the parsed text. */
    final class SyntaxError extends Exception {
        private final int position;

        SyntaxError(int position, String message) {
            super(message + " at character " + position, null, false, false);
            this.position = position;
        }

        public int position() {
            return position;
        }
    }

    /** Parses one literal that must make up the whole text (surrounding whitespace allowed). */
    static PyLiteral parse(String text) throws SyntaxError {
        Parser p = new Parser(text);
        PyLiteral v = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw new SyntaxError(p.pos, "unexpected text after the literal");
        }
        return v;
    }

    /** Recursive descent over the text; nothing here allocates more than the text's size. */
    final class Parser {
        static final int MAX_DEPTH = 32;
        /** Python caps int() of a string at 4300 digits; a header never needs more than a few. */
        static final int MAX_DIGITS = 100;
        private final String s;
        private int pos;

        private Parser(String s) {
            this.s = s;
        }

        private PyLiteral value(int depth) throws SyntaxError {
            if (depth > MAX_DEPTH) {
                throw new SyntaxError(pos, "literal nested deeper than " + MAX_DEPTH + " levels");
            }
            skipSpace();
            if (pos >= s.length()) {
                throw new SyntaxError(pos, "unexpected end of text");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '\'', '"' -> string();
                case '(' -> sequence(depth, ')', true);
                case '[' -> sequence(depth, ']', false);
                case '{' -> dict(depth);
                case '-', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> integer();
                default -> word();
            };
        }

        private PyLiteral word() throws SyntaxError {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String w = s.substring(start, pos);
            return switch (w) {
                case "True" -> new Bool(true);
                case "False" -> new Bool(false);
                case "None" -> new None();
                default -> throw new SyntaxError(start, w.isEmpty() ? "unexpected character '" + s.charAt(start) + "'"
                        : "'" + w + "' is not a literal (only strings, numbers, True, False, None, tuples, lists "
                        + "and dicts are allowed)");
            };
        }

        private PyLiteral integer() throws SyntaxError {
            int start = pos;
            if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
                pos++;
            }
            int digitsStart = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            int n = pos - digitsStart;
            if (n == 0) {
                throw new SyntaxError(start, "sign without digits");
            }
            if (n > MAX_DIGITS) {
                throw new SyntaxError(start, "integer with more than " + MAX_DIGITS + " digits");
            }
            BigInteger v = new BigInteger(s.substring(start, pos));
            // Python 2 numpy wrote shapes as (3L, 4L).
            if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
                pos++;
            }
            if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E'
                    || s.charAt(pos) == 'j' || s.charAt(pos) == 'x')) {
                throw new SyntaxError(pos, "only decimal integers are allowed");
            }
            return new Int(v);
        }

        private PyLiteral string() throws SyntaxError {
            char quote = s.charAt(pos);
            int start = pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new SyntaxError(start, "unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == quote) {
                    return new Str(sb.toString());
                }
                if (c == '\n') {
                    throw new SyntaxError(pos - 1, "newline inside a string");
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        throw new SyntaxError(start, "unterminated string");
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case '\\', '\'', '"' -> sb.append(e);
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case '0' -> sb.append('\0');
                        default -> throw new SyntaxError(pos - 2, "unsupported escape \\" + e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private PyLiteral sequence(int depth, char close, boolean tuple) throws SyntaxError {
            int start = pos++;
            List<PyLiteral> items = new ArrayList<>();
            boolean trailingComma = false;
            while (true) {
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == close) {
                    pos++;
                    break;
                }
                if (!items.isEmpty() && !trailingComma) {
                    throw new SyntaxError(pos, "expected ',' or '" + close + "'");
                }
                items.add(value(depth + 1));
                skipSpace();
                trailingComma = pos < s.length() && s.charAt(pos) == ',';
                if (trailingComma) {
                    pos++;
                } else if (pos >= s.length()) {
                    throw new SyntaxError(start, "unterminated " + (tuple ? "tuple" : "list"));
                }
            }
            // "(3)" is just 3 in Python; only "(3,)" is a tuple.
            if (tuple && items.size() == 1 && !trailingComma) {
                return items.get(0);
            }
            return tuple ? new Tuple(items) : new PyList(items);
        }

        private PyLiteral dict(int depth) throws SyntaxError {
            int start = pos++;
            Map<PyLiteral, PyLiteral> entries = new LinkedHashMap<>();
            boolean trailingComma = false;
            while (true) {
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == '}') {
                    pos++;
                    return new Dict(entries);
                }
                if (!entries.isEmpty() && !trailingComma) {
                    throw new SyntaxError(pos, "expected ',' or '}'");
                }
                int keyPos = pos;
                PyLiteral key = value(depth + 1);
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) != ':') {
                    throw new SyntaxError(pos, "expected ':' after a dict key");
                }
                pos++;
                PyLiteral v = value(depth + 1);
                if (entries.put(key, v) != null) {
                    throw new SyntaxError(keyPos, "duplicate key " + key);
                }
                skipSpace();
                trailingComma = pos < s.length() && s.charAt(pos) == ',';
                if (trailingComma) {
                    pos++;
                } else if (pos >= s.length()) {
                    throw new SyntaxError(start, "unterminated dict");
                }
            }
        }

        private void skipSpace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == '\n'
                    || s.charAt(pos) == '\r')) {
                pos++;
            }
        }
    }
}
