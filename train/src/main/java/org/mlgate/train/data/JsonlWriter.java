package org.mlgate.train.data;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.regex.Pattern;

/**
 * JSON Lines output, the inverse of {@link JsonlReader}: one object per row, keys in column order. A cell that is a
 * JSON number in a column not declared textual or nominal is written as that number (its text unchanged, so reading
 * it back gives the same cell); every other cell as a string.
 */
public final class JsonlWriter {
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonlWriter() {
    }

    public static void write(Table t, OutputStream out) throws IOException {
        boolean[] mayBeNumber = new boolean[t.columnCount()];
        for (int c = 0; c < mayBeNumber.length; c++) {
            ColumnType type = t.columns().get(c).type();
            mayBeNumber[c] = !(type instanceof ColumnType.Text) && !(type instanceof ColumnType.Nominal);
        }
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            for (String[] row : t.rows()) {
                g.writeStartObject();
                for (int c = 0; c < row.length; c++) {
                    g.writeFieldName(t.columns().get(c).name());
                    if (mayBeNumber[c] && JSON_NUMBER.matcher(row[c]).matches() && Numbers.parse(row[c]) != null) {
                        g.writeNumber(row[c]);
                    } else {
                        g.writeString(row[c]);
                    }
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }
}
