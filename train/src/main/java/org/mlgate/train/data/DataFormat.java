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

    /** By file name: {@code .csv}, {@code .jsonl}/{@code .ndjson}, {@code .arff}; anything else is a usage error. */
    public static DataFormat of(Path file) {
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
        DataFormat f = of(file);
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
