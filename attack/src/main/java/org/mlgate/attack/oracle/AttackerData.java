package org.mlgate.attack.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.mlgate.core.Digest;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.Table;
import org.mlgate.train.data.Unseen;

/**
 * Rows the attacker holds ({@code --attacker-data}, {@code --eval-data}, the known records of an inversion): a data
 * file (CSV, JSONL, ARFF) read within the data layer's limits, keeping only the target's feature columns (other
 * columns, the label among them, are ignored: the attacker's own labels are not the target's answers). Numbers
 * outside the public range are clipped into it (counted in {@link #clippedCells}: the target would refuse them); a
 * category the target does not list is an error naming file, line and column unless the target maps unseen values
 * to {@code <other>}.
 *
 * @param file   the file's name as given (reported, never its content)
 * @param sha256 the file's SHA-256 (the pool's identity in a saved model's card and provenance)
 */
public record AttackerData(String file, String sha256, List<Map<String, Object>> rows, long clippedCells) {
    public AttackerData {
        rows = List.copyOf(rows);
    }

    public static AttackerData read(Path file, InputSpace space, String option) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(option + ": no such data file: " + file);
        }
        String sha;
        try {
            sha = Digest.sha256(file).hex();
        } catch (IOException e) {
            throw new IncompleteException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Table t = DataFormat.of(file).read(file, ReadLimits.DEFAULT);
        if (t.rowCount() == 0) {
            throw new UsageException(option + " " + file + ": no rows");
        }
        List<Feature> features = space.features();
        int[] col = new int[features.size()];
        for (int f = 0; f < col.length; f++) {
            OptionalInt i = t.indexOf(features.get(f).name());
            if (i.isEmpty()) {
                throw new UsageException(option + " " + file + ": no column '" + features.get(f).name()
                        + "' (a feature of the target)");
            }
            col[f] = i.getAsInt();
        }
        List<Map<String, Object>> rows = new ArrayList<>(t.rowCount());
        long clipped = 0;
        for (int r = 0; r < t.rowCount(); r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int f = 0; f < col.length; f++) {
                String cell = t.cell(r, col[f]);
                String where = t.source() + ":" + t.lines()[r] + ": column '" + features.get(f).name() + "'";
                switch (features.get(f)) {
                    case Feature.Numeric n -> {
                        double v;
                        try {
                            v = Double.parseDouble(cell.strip());
                        } catch (NumberFormatException e) {
                            throw new UsageException(where + ": '" + cell + "' is not a number");
                        }
                        if (!Double.isFinite(v)) {
                            throw new UsageException(where + ": '" + cell + "' is not a finite number");
                        }
                        double c = Math.min(n.max(), Math.max(n.min(), v));
                        clipped += c != v ? 1 : 0;
                        row.put(n.name(), c);
                    }
                    case Feature.Categorical c -> {
                        if (!c.categories().contains(cell) && c.unseen() != Unseen.OTHER) {
                            throw new UsageException(where + ": '" + cell + "' is not among the target's categories "
                                    + c.categories());
                        }
                        row.put(c.name(), cell);
                    }
                }
            }
            rows.add(row);
        }
        return new AttackerData(file.toString(), sha, rows, clipped);
    }
}
