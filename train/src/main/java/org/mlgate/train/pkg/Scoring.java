package org.mlgate.train.pkg;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlgate.train.data.CsvWriter;
import org.mlgate.train.data.Table;

/**
 * Offline scoring of a table of unlabelled rows through a package's strict predictor ({@code mlgate predict}). The
 * schema's dropped columns and privacy unit may be present and are ignored; every other column must be a feature.
 * Without {@code skipInvalid} one invalid row refuses the whole table ({@link RowRejected}, every failing field of
 * every row, named by file line); with it, the valid rows are scored and the invalid ones listed.
 */
public final class Scoring {
    private Scoring() {
    }

    /** One prediction: the 0-based data row, the most probable class and every class's probability, in schema order. */
    public record Prediction(@JsonProperty("row") int row, @JsonProperty("label") String label,
                             @JsonProperty("probabilities") Map<String, Double> probabilities) { }

    /** An invalid field, with the file line it came from. */
    public record Invalid(@JsonProperty("row") int row, @JsonProperty("line") int line,
                          @JsonProperty("field") String field, @JsonProperty("reason") String reason) { }

    /** The document {@code mlgate predict --format json} prints; {@code invalid} only with {@code --skip-invalid}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(@JsonProperty("model_sha256") String modelSha256,
                         @JsonProperty("predictions") List<Prediction> predictions,
                         @JsonProperty("invalid") List<Invalid> invalid) { }

    public static Result score(ModelPackage pkg, Table table, boolean skipInvalid) {
        Set<String> ignored = new HashSet<>(pkg.schema().drop());
        ignored.add(pkg.schema().label().name()); // a labelled file may be scored; the label is never read
        if (pkg.schema().privacyUnit() != null) {
            ignored.add(pkg.schema().privacyUnit());
        }
        Predictor predictor = pkg.freeze().ignoring(ignored);
        List<Map<String, String>> rows = rows(table);
        Predictor.Partition part = predictor.partition(rows);
        List<Invalid> invalid = part.errors().stream().map(e -> new Invalid(e.row(), table.lines()[e.row()], e.field(),
                e.reason())).toList();
        if (!invalid.isEmpty() && !skipInvalid) {
            throw new RowRejected(part.errors().stream().map(e -> new RowRejected.FieldError(e.row(),
                    e.field(), e.reason() + " (" + table.source() + ":" + table.lines()[e.row()] + ")")).toList());
        }
        List<Map<String, String>> valid = part.valid().stream().map(rows::get).toList();
        List<double[]> probs = predictor.predict(valid);
        List<String> classes = predictor.classes();
        List<Prediction> out = new ArrayList<>(valid.size());
        for (int i = 0; i < valid.size(); i++) {
            double[] p = probs.get(i);
            Map<String, Double> named = new LinkedHashMap<>();
            int best = 0;
            for (int c = 0; c < p.length; c++) {
                named.put(classes.get(c), p[c]);
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            out.add(new Prediction(part.valid().get(i), classes.get(best), named));
        }
        return new Result(pkg.weightsSha256(), out, skipInvalid ? invalid : null);
    }

    /** CSV: {@code row,label,p_<class>...}, probabilities at full precision. */
    public static byte[] csv(Result r, List<String> classes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            List<String> header = new ArrayList<>(List.of("row", "label"));
            classes.forEach(c -> header.add("p_" + c));
            out.write(CsvWriter.line(header));
            for (Prediction p : r.predictions()) {
                List<String> cells = new ArrayList<>(List.of(Integer.toString(p.row()), p.label()));
                classes.forEach(c -> cells.add(Double.toString(p.probabilities().get(c))));
                out.write(CsvWriter.line(cells));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static List<Map<String, String>> rows(Table t) {
        List<String> names = t.columnNames();
        List<Map<String, String>> rows = new ArrayList<>(t.rowCount());
        for (String[] cells : t.rows()) {
            Map<String, String> m = new HashMap<>(names.size() * 2);
            for (int c = 0; c < names.size(); c++) {
                m.put(names.get(c), cells[c]);
            }
            rows.add(m);
        }
        return rows;
    }
}
