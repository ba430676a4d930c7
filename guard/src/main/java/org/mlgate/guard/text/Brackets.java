package org.mlgate.guard.text;

/**
 * Counts brackets and quotes that do not pair. Code, data and prose pair theirs; a suffix optimised token by
 * token (GCG, random search) does not: it has no syntax. Emoticons ({@code :)}, {@code ;(}) and list markers
 * ({@code 1)}, {@code a)}) are not counted.
 */
public final class Brackets {
    private static final int MAX_DEPTH = 4096;

    private Brackets() {
    }

    /** Unpaired {@code ( ) [ ] { }} plus one for each of {@code "} and {@code `} that occurs an odd number of times. */
    public static int unpaired(CharSequence s) {
        char[] stack = new char[64];
        int depth = 0;
        int bad = 0;
        int quotes = 0;
        int ticks = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '(', '[', '{' -> {
                    if (depth == MAX_DEPTH) {
                        bad++;
                    } else {
                        if (depth == stack.length) {
                            stack = java.util.Arrays.copyOf(stack, depth * 2);
                        }
                        stack[depth++] = c;
                    }
                }
                case ')', ']', '}' -> {
                    char open = c == ')' ? '(' : c == ']' ? '[' : '{';
                    if (depth > 0 && stack[depth - 1] == open) {
                        depth--;
                    } else if (!(c == ')' && (emoticon(s, i) || listMarker(s, i)))) {
                        bad++;
                    }
                }
                case '"' -> quotes++;
                case '`' -> ticks++;
                default -> {
                }
            }
        }
        return bad + depth + (quotes & 1) + (ticks & 1);
    }

    private static boolean emoticon(CharSequence s, int i) {
        int j = i - 1;
        if (j >= 0 && s.charAt(j) == '-') {
            j--;
        }
        return j >= 0 && (s.charAt(j) == ':' || s.charAt(j) == ';' || s.charAt(j) == '=');
    }

    /** {@code 1)} or {@code a)} at the start of a line or after whitespace. */
    private static boolean listMarker(CharSequence s, int i) {
        int j = i - 1;
        int n = 0;
        while (j >= 0 && Character.isLetterOrDigit(s.charAt(j)) && n < 3) {
            j--;
            n++;
        }
        return n >= 1 && n <= 2 && (j < 0 || Character.isWhitespace(s.charAt(j)));
    }
}
