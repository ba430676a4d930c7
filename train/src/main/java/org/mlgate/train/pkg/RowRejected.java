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
            return "row " + row + ": " + field + ": " + reason;
        }
    }

    private final transient List<FieldError> errors;

    public RowRejected(List<FieldError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String message(List<FieldError> errors) {
        int shown = Math.min(errors.size(), 20);
        StringBuilder b = new StringBuilder(errors.size() + (errors.size() == 1 ? " invalid field: " : " invalid fields: "));
        for (int i = 0; i < shown; i++) {
            b.append(i == 0 ? "" : "; ").append(errors.get(i));
        }
        return b.append(errors.size() > shown ? "; and " + (errors.size() - shown) + " more" : "").toString();
    }
}
