package org.mlgate.attack.membership;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.mlgate.attack.oracle.InputSpace;
import org.mlgate.core.Digest;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.PolicyException;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.Table;
import org.mlgate.train.run.SplitRecord;

/**
 * Rows with their true labels, as the target's features name them: read from a data file (CSV, JSONL, ARFF), all of
 * it or the rows a saved split ({@code mlgate train --save-split}) names. A cell that is not a number where the
 * target expects one is an error naming file, line and column.
 */
public record LabeledRows(List<Map<String, Object>> rows, List<String> labels) {
    static final long MAX_SPLIT_BYTES = 64L << 20;

    public LabeledRows {
        rows = List.copyOf(rows);
        labels = List.copyOf(labels);
    }

    /** Every row of {@code file}. */
    public static LabeledRows read(Path file, InputSpace space) {
        Table t = table(file);
        int[] all = new int[t.rowCount()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return select(t, all, space);
    }

    /** Members (the split's {@code train} rows) and non-members ({@code validation}) of {@code data}. */
    public static LabeledRows[] fromSplit(Path splitFile, Path data, InputSpace space) {
        SplitRecord split;
        try {
            if (Files.size(splitFile) > MAX_SPLIT_BYTES) {
                throw new UsageException(splitFile + ": split file larger than " + MAX_SPLIT_BYTES + " bytes");
            }
            split = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(splitFile.toFile(), SplitRecord.class);
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
            throw new UsageException("no such split file: " + splitFile);
        } catch (IOException e) {
            throw new UsageException(splitFile + ": not a split file: " + e.getMessage());
        }
        if (!SplitRecord.FORMAT.equals(split.format()) || split.train() == null || split.validation() == null) {
            throw new UsageException(splitFile + ": expected format " + SplitRecord.FORMAT + " with train and "
                    + "validation rows");
        }
        try {
            String sha = Digest.sha256(data).hex();
            if (!sha.equals(split.dataSha256())) {
                throw new PolicyException(splitFile + " was saved for data with SHA-256 " + split.dataSha256() + ", but "
                        + data + " has " + sha + ": membership would be judged against the wrong rows");
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException("no such data file: " + data);
        } catch (IOException e) {
            throw new IncompleteException("cannot read " + data + ": " + e.getMessage(), e);
        }
        Table t = table(data);
        return new LabeledRows[] {select(t, split.train(), space), select(t, split.validation(), space)};
    }

    private static Table table(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such data file: " + file);
        }
        return DataFormat.of(file).read(file, ReadLimits.DEFAULT);
    }

    private static LabeledRows select(Table t, int[] which, InputSpace space) {
        List<Feature> features = space.features();
        int[] col = new int[features.size()];
        for (int f = 0; f < col.length; f++) {
            col[f] = column(t, features.get(f).name());
        }
        int label = column(t, space.labelName());
        List<Map<String, Object>> rows = new ArrayList<>(which.length);
        List<String> labels = new ArrayList<>(which.length);
        for (int r : which) {
            if (r < 0 || r >= t.rowCount()) {
                throw new UsageException(t.source() + ": the split names row " + r + ", but the file has "
                        + t.rowCount() + " rows");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int f = 0; f < col.length; f++) {
                String cell = t.cell(r, col[f]);
                if (features.get(f) instanceof Feature.Numeric) {
                    try {
                        row.put(features.get(f).name(), Double.parseDouble(cell.strip()));
                    } catch (NumberFormatException e) {
                        throw new UsageException(t.source() + ":" + t.lines()[r] + ": column '" + features.get(f).name()
                                + "': '" + cell + "' is not a number");
                    }
                } else {
                    row.put(features.get(f).name(), cell);
                }
            }
            rows.add(row);
            labels.add(t.cell(r, label));
        }
        return new LabeledRows(rows, labels);
    }

    private static int column(Table t, String name) {
        OptionalInt i = t.indexOf(name);
        if (i.isEmpty()) {
            throw new UsageException(t.source() + ": no column '" + name + "' (the target's feature or label)");
        }
        return i.getAsInt();
    }
}
