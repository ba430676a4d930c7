package org.mlgate.train.pkg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlgate.train.data.Schema;
import org.mlgate.train.model.Model;

/**
 * An immutable, thread-safe predictor: a private copy of a model's parameters (never exposed, never changed) and the
 * schema's strict row validation ({@link RowValidator}: missing, extra, non-finite, out-of-range values and unknown
 * categories are errors, never clipped or imputed). {@link #predict(List)} judges a batch whole: if any row fails,
 * nothing is predicted and {@link RowRejected} lists every failing field of every row. Each call uses its own
 * scratch buffers, so any number of threads may share one predictor.
 */
public final class Predictor {
    private final Model model;
    private final Schema schema;
    private final RowValidator validator;
    private final List<String> classes;

    Predictor(Model frozenCopy, Schema schema, Set<String> ignored) {
        this.model = frozenCopy;
        this.schema = schema;
        this.validator = new RowValidator(schema, ignored);
        this.classes = schema.label().classes();
        if (validator.width() != model.features() || classes.size() != model.classes()) {
            throw new IllegalArgumentException("schema encodes " + validator.width() + " inputs and "
                    + classes.size() + " classes; the model takes " + model.features() + " and " + model.classes());
        }
    }

    /**
     * A predictor over a private copy of {@code model} (for models that do not come from a package: benchmarks,
     * attack harnesses). Refuses a schema whose encoded width or classes differ from the model's.
     */
    public static Predictor of(Model model, Schema schema) {
        return new Predictor(model.copy(), schema, Set.of());
    }

    /** The class names, in the order of every probability vector. */
    public List<String> classes() {
        return classes;
    }

    public Schema schema() {
        return schema;
    }

    /**
     * The same predictor, but fields named in {@code names} (e.g. the schema's dropped columns and privacy unit, which
     * a data file carries) are ignored instead of refused. Features stay required.
     */
    public Predictor ignoring(Set<String> names) {
        return new Predictor(model, schema, names);
    }

    /** Class probabilities of one row, in {@link #classes} order. */
    public double[] predict(Map<String, ?> row) {
        // the per-request path of a server: no list, no batch buffers
        float[] x = new float[validator.width()];
        List<RowRejected.FieldError> errors = new ArrayList<>(0);
        if (!validator.encode(row, 0, x, 0, errors)) {
            throw new RowRejected(errors);
        }
        return probabilities(x, 0, model.newWorkspace(), new float[classes.size()]);
    }

    /** Class probabilities of each row, in input order; refuses the whole batch if any row is invalid. */
    public List<double[]> predict(List<? extends Map<String, ?>> rows) {
        int w = validator.width();
        float[] x = new float[rows.size() * w];
        List<RowRejected.FieldError> errors = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            validator.encode(rows.get(r), r, x, r * w, errors);
        }
        if (!errors.isEmpty()) {
            throw new RowRejected(errors);
        }
        Model.Workspace ws = model.newWorkspace();
        float[] p = new float[classes.size()];
        List<double[]> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            out.add(probabilities(x, r, ws, p));
        }
        return out;
    }

    private double[] probabilities(float[] x, int row, Model.Workspace ws, float[] scratch) {
        model.probabilities(x, row, scratch, ws);
        double[] d = new double[scratch.length];
        for (int c = 0; c < d.length; c++) {
            d[c] = scratch[c];
        }
        return d;
    }

    /**
     * Validates each row on its own: the indices of the rows that pass, and the errors of those that do not (for
     * scoring what can be scored and listing the rest).
     */
    public Partition partition(List<? extends Map<String, ?>> rows) {
        List<Integer> valid = new ArrayList<>();
        List<RowRejected.FieldError> errors = new ArrayList<>();
        float[] scratch = new float[validator.width()];
        for (int r = 0; r < rows.size(); r++) {
            if (validator.encode(rows.get(r), r, scratch, 0, errors)) {
                valid.add(r);
            }
        }
        return new Partition(valid, errors);
    }

    /** Which rows of a batch are valid, and every error of the others. */
    public record Partition(List<Integer> valid, List<RowRejected.FieldError> errors) {
        public Partition {
            valid = List.copyOf(valid);
            errors = List.copyOf(errors);
        }
    }
}
