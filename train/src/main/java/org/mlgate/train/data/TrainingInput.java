package org.mlgate.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mlgate.core.UsageException;

/**
 * The data half of {@code mlgate train} in one call (not a matrix: the encoded rows are a {@link Dataset}, and
 * {@link Dataset#matrix()} is the one conversion to the trainer's float matrix): read the file, take the declared schema or infer one,
 * apply {@code --privacy-unit}, refuse data-derived metadata under DP, encode ({@link #load}); or in two, with a
 * step on the rows between reading and encoding ({@link #read}, then {@link Read#encode(Table)}).
 */
public final class TrainingInput {
    private TrainingInput() {
    }

    /**
     * What to load, validated once: exactly one of {@code schemaFile} and {@code label} decides the schema
     * (both may be given when they agree on the label).
     *
     * @param file        the data file
     * @param format      its format ({@link DataFormat#of} guesses from the name)
     * @param schemaFile  {@code --schema FILE}, or null to infer one from {@code label}
     * @param label       {@code --label COLUMN}, or null when the schema file names it
     * @param drop        {@code --drop COL,...}: columns an inferred schema leaves out (identifiers); only with a label
     * @param privacyUnit {@code --privacy-unit COLUMN}, or null: the schema's, else per-row privacy
     * @param dp          training under differential privacy: the schema must be entirely declared
     * @param limits      read limits
     */
    public record Request(Path file, DataFormat format, Path schemaFile, String label, List<String> drop,
                          String privacyUnit, boolean dp, ReadLimits limits) {
        public Request {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(limits, "limits");
            drop = drop == null ? List.of() : List.copyOf(drop);
            if (schemaFile == null && label == null) {
                throw new UsageException("give --schema FILE or --label COLUMN");
            }
            if (schemaFile != null && !drop.isEmpty()) {
                throw new UsageException("--drop is for --label (inferring a schema); " + schemaFile + " lists what it "
                        + "drops");
            }
        }

        /** Without {@code --drop}. */
        public Request(Path file, DataFormat format, Path schemaFile, String label, String privacyUnit, boolean dp,
                       ReadLimits limits) {
            this(file, format, schemaFile, label, List.of(), privacyUnit, dp, limits);
        }
    }

    /**
     * The outcome. {@code schemaInferred}: the schema came from {@link SchemaInference} (origin "data"; write it
     * beside the model, never publish its bounds as private); {@code clippedCells}: numeric cells clipped into their
     * declared bounds.
     */
    public record Loaded(Schema schema, Dataset dataset, boolean schemaInferred, long clippedCells) { }

    /**
     * The file read and its schema decided, before encoding, so that a step such as sanitising can drop rows first
     * ({@link #encode(Table)}); {@link #encode()} encodes the rows as read.
     */
    public record Read(Table table, Schema schema, boolean schemaInferred) {
        public Read {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(schema, "schema");
        }

        public Loaded encode() {
            return encode(table);
        }

        /** Encodes {@code rows} (this table or a subset of it) under the schema. */
        public Loaded encode(Table rows) {
            Encoder.Encoded e = Encoder.encodeCounting(schema, rows);
            return new Loaded(schema, e.dataset(), schemaInferred, e.clippedCells());
        }
    }

    public static Loaded load(Request r) {
        return read(r).encode();
    }

    /** Reads the file and decides the schema (all of {@link #load} but the encoding). */
    public static Read read(Request r) {
        if (r.dp() && r.schemaFile() == null) { // refused before a single private row is read
            throw new UsageException("--dp needs a declared schema (--schema FILE): a schema inferred from --label takes "
                    + "its bounds, categories and classes from the private rows, which is not differentially private");
        }
        Table table = r.format().read(r.file(), r.limits());
        Schema schema;
        boolean inferred = r.schemaFile() == null;
        if (inferred) {
            schema = SchemaInference.infer(table, r.label(), r.drop(), r.privacyUnit());
        } else {
            schema = SchemaFiles.read(r.schemaFile());
            if (r.label() != null && !r.label().equals(schema.label().name())) {
                throw new UsageException("--label " + r.label() + " differs from the label '" + schema.label().name()
                        + "' of " + r.schemaFile());
            }
            schema = withPrivacyUnit(schema, r.privacyUnit(), r.schemaFile());
        }
        if (r.dp()) {
            schema.requireDeclared("--dp");
        }
        return new Read(table, schema, inferred);
    }

    /** The schema with {@code --privacy-unit} applied: it may set one the file lacks, never change one. */
    static Schema withPrivacyUnit(Schema schema, String unit, Path source) {
        if (unit == null || unit.equals(schema.privacyUnit())) {
            return schema;
        }
        if (schema.privacyUnit() != null) {
            throw new UsageException("--privacy-unit " + unit + " differs from the privacy unit '"
                    + schema.privacyUnit() + "' of " + source);
        }
        List<String> drop = new ArrayList<>(schema.drop());
        drop.remove(unit); // an id column the schema ignored becomes the unit
        try {
            return new Schema(schema.features(), schema.label(), drop, unit);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--privacy-unit " + unit + ": " + e.getMessage(), e);
        }
    }
}
