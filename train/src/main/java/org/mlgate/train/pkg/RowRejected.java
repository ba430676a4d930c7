package org.mlgate.train.pkg;

import java.util.List;
import org.mlgate.core.PolicyException;

/**
 * Rows the strict predictor refuses, with every failing field of every failing row (a batch is judged whole). A
 * policy failure: the input breaks the model's published contract (exit 1; HTTP 400 in a server).
 */
public final class RowRejected extends PolicyException {
    /** One failing field: the row (0-based in the batch), the field name, and why. */
    public record FieldError(int row, String field, String reason) {
        @Override
        public String toString() {
            return "row " + row + ": " + printable(field) + ": " + reason;
        }
    }

    private final transient List<FieldError> errors;

    /** A field name as read from a file, control characters escaped (a name cannot start a line of its own). */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    public RowRejected(List<FieldError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Every failing field, one per line: the reader must be able to fix them all in one pass. */
    private static String message(List<FieldError> errors) {
        StringBuilder b = new StringBuilder(errors.size() + (errors.size() == 1 ? " invalid field:" : " invalid fields:"));
        for (FieldError e : errors) {
            b.append('\n').append(e);
        }
        return b.toString();
    }
}
