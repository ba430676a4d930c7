package org.mlgate.train.data;

import java.nio.file.Path;
import java.util.Locale;
import org.mlgate.core.UsageException;

/** File formats the data layer reads (and the fraud generator writes). */
public enum DataFormat {
    /** RFC 4180 with a header row ({@link CsvReader}). */
    CSV("csv"),
    /** scikit-learn's bundled layout: a count line instead of a header ({@link SklearnCsv}). */
    SKLEARN_CSV("sklearn-csv"),
    JSONL("jsonl"),
    ARFF("arff");

    private final String id;

    DataFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static DataFormat parse(String s) {
        for (DataFormat f : values()) {
            if (f.id.equals(s.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new UsageException("unknown data format '" + s + "' (csv, sklearn-csv, jsonl or arff)");
    }

    /**
     * The format of a file to read: by name ({@code .csv}, {@code .jsonl}/{@code .ndjson}, {@code .arff}; anything
     * else is a usage error), except that a {@code .csv} file whose first two lines have exactly scikit-learn's
     * bundled layout ({@link #looksLikeSklearnCsv}) is {@link #SKLEARN_CSV}.
     */
    public static DataFormat of(Path file) {
        DataFormat f = byName(file);
        return f == CSV && looksLikeSklearnCsv(file) ? SKLEARN_CSV : f;
    }

    /** How many bytes {@link #looksLikeSklearnCsv} reads at most: the count line and one row. */
    static final int SNIFF_BYTES = 1 << 16;

    /**
     * True when the file starts with scikit-learn's count line and a row that agrees with it, checked strictly:
     * {@code n_samples,n_features,class_0,class_1[,...]} (two positive integers, then at least two distinct class
     * names that are not numbers), then a line of exactly n_features numbers and a target that is an integer below
     * the number of classes. A CSV header whose first two column names are integers and whose first row matches all
     * of that is not a plausible accident. Unreadable files answer false: the reader reports why.
     */
    public static boolean looksLikeSklearnCsv(Path file) {
        byte[] head;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
        String text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
        String[] lines = text.split("\r?\n", 3);
        if (lines.length < 3) { // the second line must be complete
            return false;
        }
        String[] count = lines[0].split(",", -1);
        if (count.length < 4 || !count[0].matches("[1-9][0-9]{0,8}") || !count[1].matches("[1-9][0-9]{0,5}")) {
            return false;
        }
        java.util.Set<String> classes = new java.util.HashSet<>();
        for (int i = 2; i < count.length; i++) {
            if (count[i].isEmpty() || Numbers.parse(count[i]) != null || !classes.add(count[i])) {
                return false;
            }
        }
        int features = Integer.parseInt(count[1]);
        String[] row = lines[1].split(",", -1);
        if (row.length != features + 1) {
            return false;
        }
        for (int i = 0; i < features; i++) {
            if (Numbers.parse(row[i]) == null) {
                return false;
            }
        }
        return row[features].matches("[0-9]{1,9}") && Integer.parseInt(row[features]) < classes.size();
    }

    private static DataFormat byName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".arff")) {
            return ARFF;
        }
        throw new UsageException("cannot tell the format of " + file + " from its name; name it (csv, sklearn-csv, "
                + "jsonl, arff)");
    }

    /**
     * Writes a table in this format (csv and jsonl; what {@link #read} gives back is the same table), so a file is
     * written in the format its name says.
     */
    public void write(Table t, java.io.OutputStream out) throws java.io.IOException {
        switch (this) {
            case CSV -> CsvWriter.write(t, out);
            case JSONL -> JsonlWriter.write(t, out);
            case SKLEARN_CSV, ARFF -> throw new UsageException("cannot write " + id + "; write csv or jsonl");
        }
    }

    /** The format a table written to {@code file} takes from its name; csv or jsonl, else a usage error. */
    public static DataFormat writable(Path file) {
        DataFormat f = byName(file);
        if (f != CSV && f != JSONL) {
            throw new UsageException("cannot write " + f.id + " to " + file + "; name it .csv or .jsonl");
        }
        return f;
    }

    /** Reads a file of this format within the limits. */
    public Table read(Path file, ReadLimits limits) {
        return switch (this) {
            case CSV -> CsvReader.read(file, CsvReader.Options.HEADER, limits);
            case SKLEARN_CSV -> SklearnCsv.read(file, limits);
            case JSONL -> JsonlReader.read(file, limits);
            case ARFF -> ArffReader.read(file, limits);
        };
    }
}
