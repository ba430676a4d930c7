package org.mlgate.train.data;

import org.mlgate.core.IncompleteException;

/**
 * The one way readers and the encoder report a defect in a data file: an {@link IncompleteException}
 * (exit code 3, the data could not be read) whose message starts with {@code file:line:column:}. Lines and
 * columns count from 1; the column is a character position within the line.
 */
final class DataErrors {
    private DataErrors() {
    }

    static IncompleteException at(String source, long line, long column, String message) {
        return new IncompleteException(source + ":" + line + ":" + column + ": " + message);
    }

    static IncompleteException at(String source, long line, String message) {
        return new IncompleteException(source + ":" + line + ": " + message);
    }

    static IncompleteException of(String source, String message) {
        return new IncompleteException(source + ": " + message);
    }

    /** A value quoted for an error message, shortened so a huge field cannot flood the terminal. */
    static String quote(String value) {
        String v = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        StringBuilder sb = new StringBuilder("'");
        v.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('\'').toString();
    }
}
