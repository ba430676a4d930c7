package org.mlgate.guard.text;

/** Leetspeak folding, one char for one char so offsets are kept: {@code 0→o 1→i 3→e 4→a 5→s 7→t @→a $→s !→i |→l}. */
final class Leet {
    private Leet() {
    }

    static String fold(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = fold(c[i]);
        }
        return new String(c);
    }

    static char fold(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1', '!' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            case '|' -> 'l';
            default -> c;
        };
    }
}
