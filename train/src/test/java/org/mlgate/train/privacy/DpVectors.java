package org.mlgate.train.privacy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference vectors in {@code ../../shared/vectors/dp} (relative to this module), computed with Google
 * dp_accounting 0.6.0 and Opacus 1.5.4 (see the README there). Tests that need them are skipped, with a message
 * saying so, when that folder is absent.
 */
final class DpVectors {
    static final Path DIR = Path.of(System.getProperty("mlgate.dpVectors", "../../shared/vectors/dp"));

    /** One CSV row by column name. */
    record Row(Map<String, String> values) {
        double d(String column) {
            return Double.parseDouble(get(column));
        }

        long l(String column) {
            return Long.parseLong(get(column));
        }

        String get(String column) {
            String v = values.get(column);
            if (v == null) {
                throw new IllegalArgumentException("no column " + column + " in " + values.keySet());
            }
            return v;
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }

    private DpVectors() {
    }

    static boolean present() {
        return Files.isDirectory(DIR);
    }

    static void assumePresent() {
        assumeTrue(present(), "skipped: DP reference vectors not found at " + DIR.toAbsolutePath().normalize()
                + " (the shared/ folder beside the repository)");
    }

    /** The rows of a CSV file, or an empty list when the vectors are absent (the test then skips). */
    static List<Row> rows(String file) {
        if (!present()) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(DIR.resolve(file));
            List<String> header = split(lines.get(0));
            List<Row> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = split(line);
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    m.put(header.get(i), cells.get(i));
                }
                out.add(new Row(m));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CSV split with double-quoted cells (the published-settings file quotes its source names). */
    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
