package org.mlgate.train.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** RFC 4180 output, the inverse of {@link CsvReader}: a field with a comma, quote or line break is quoted, quotes doubled. */
public final class CsvWriter {
    private CsvWriter() {
    }

    /** One line, terminated by LF. */
    public static byte[] line(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The header row, then every row of {@code t}. */
    public static void write(Table t, OutputStream out) throws IOException {
        out.write(line(t.columnNames()));
        for (String[] row : t.rows()) {
            out.write(line(Arrays.asList(row)));
        }
    }
}
