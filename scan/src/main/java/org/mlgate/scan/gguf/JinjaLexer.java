package org.mlgate.scan.gguf;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Jinja template into the tokens of its tags, the way Jinja's own lexer does: text outside
 * {@code {{ }}} and {@code {% %}} is skipped, comments and {@code {% raw %}} blocks too; inside tags
 * string literals are decoded (Python escapes), and an end delimiter only counts outside strings and
 * brackets. Nothing is evaluated. Malformed templates (unterminated tags or strings) are tokenised to
 * the end, so a payload cannot hide behind a syntax error that another engine tolerates.
 */
final class JinjaLexer {
    enum Kind { TAG_START, TAG_END, IDENT, STRING, NUMBER, OP }

    /** {@code start} is the char index in the template; {@code text} is the decoded value for strings. */
    record Token(Kind kind, String text, int start) {
        boolean is(String op) {
            return (kind == Kind.OP || kind == Kind.IDENT) && text.equals(op);
        }
    }

    private static final String[] OPS = {"//", "**", "==", "!=", ">=", "<="};

    private final String s;
    private final int max;
    private final List<Token> out = new ArrayList<>();
    private int i;

    private JinjaLexer(String s, int maxTokens) {
        this.s = s;
        this.max = maxTokens;
    }

    /** At most {@code maxTokens} tokens (the template size bounds them anyway). */
    static List<Token> tokens(String template, int maxTokens) {
        JinjaLexer l = new JinjaLexer(template, maxTokens);
        l.run();
        return l.out;
    }

    private void run() {
        while (i < s.length() && out.size() < max) {
            int open = s.indexOf('{', i);
            if (open < 0 || open + 1 >= s.length()) {
                return;
            }
            char c = s.charAt(open + 1);
            if (c == '#') {
                int end = s.indexOf("#}", open + 2);
                i = end < 0 ? s.length() : end + 2;
            } else if (c == '{' || c == '%') {
                i = open + 2;
                if (c == '%' && rawBlock()) {
                    continue;
                }
                tag(open, c == '{' ? "}}" : "%}");
            } else {
                i = open + 1;
            }
        }
    }

    /** At {@code {% raw %}}: skips to after {@code {% endraw %}} (the content is text). */
    private boolean rawBlock() {
        int j = skipSpace(i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+') ? i + 1 : i);
        if (!s.startsWith("raw", j) || (j + 3 < s.length() && isIdentPart(s.charAt(j + 3)))) {
            return false;
        }
        int k = skipSpace(j + 3);
        if (k < s.length() && (s.charAt(k) == '-' || s.charAt(k) == '+')) {
            k++;
        }
        if (!s.startsWith("%}", k)) {
            return false;
        }
        int from = k + 2;
        while (true) {
            int open = s.indexOf("{%", from);
            if (open < 0) {
                i = s.length();
                return true;
            }
            int m = skipSpace(open + 2 < s.length() && s.charAt(open + 2) == '-' ? open + 3 : open + 2);
            if (s.startsWith("endraw", m)) {
                int close = s.indexOf("%}", m);
                i = close < 0 ? s.length() : close + 2;
                return true;
            }
            from = open + 2;
        }
    }

    private void tag(int open, String close) {
        out.add(new Token(Kind.TAG_START, s.substring(open, open + 2), open));
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int depth = 0;
        while (i < s.length() && out.size() < max) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (depth == 0 && (s.startsWith(close, i) || (c == '-' || c == '+') && s.startsWith(close, i + 1))) {
                int at = i;
                i += c == close.charAt(0) ? 2 : 3;
                out.add(new Token(Kind.TAG_END, close, at));
                return;
            } else if (c == '\'' || c == '"') {
                string(c);
            } else if (Character.isDigit(c)) {
                int st = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(st, i), st));
            } else if (isIdentStart(c)) {
                int st = i;
                while (i < s.length() && isIdentPart(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, s.substring(st, i), st));
            } else {
                String op = String.valueOf(c);
                for (String o : OPS) {
                    if (s.startsWith(o, i)) {
                        op = o;
                        break;
                    }
                }
                if (op.equals("(") || op.equals("[") || op.equals("{")) {
                    depth++;
                } else if ((op.equals(")") || op.equals("]") || op.equals("}")) && depth > 0) {
                    depth--;
                }
                out.add(new Token(Kind.OP, op, i));
                i += op.length();
            }
        }
    }

    /** A string literal with Python escapes decoded (Jinja unescapes literals the same way). */
    private void string(char quote) {
        int st = i++;
        StringBuilder b = new StringBuilder();
        while (i < s.length() && s.charAt(i) != quote) {
            char c = s.charAt(i++);
            if (c != '\\' || i >= s.length()) {
                b.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'v' -> b.append('\u000b');
                case '\n' -> { }
                case 'x' -> hex(b, 2, e);
                case 'u' -> hex(b, 4, e);
                case 'U' -> hex(b, 8, e);
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
                            v = v * 8 + (s.charAt(i++) - '0');
                        }
                        b.append((char) v);
                    } else if (e == '\\' || e == '\'' || e == '"') {
                        b.append(e);
                    } else {
                        b.append('\\').append(e);
                    }
                }
            }
        }
        i = Math.min(i + 1, s.length());
        out.add(new Token(Kind.STRING, b.toString(), st));
    }

    private void hex(StringBuilder b, int digits, char e) {
        if (i + digits > s.length()) {
            b.append('\\').append(e);
            return;
        }
        try {
            int cp = Integer.parseInt(s.substring(i, i + digits), 16);
            if (Character.isValidCodePoint(cp)) {
                b.appendCodePoint(cp);
                i += digits;
                return;
            }
        } catch (NumberFormatException ignored) {
            // not an escape after all: kept literally, as Python would refuse it
        }
        b.append('\\').append(e);
    }

    private int skipSpace(int j) {
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        return j;
    }

    private static boolean isIdentStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isIdentPart(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
