package org.mlgate.cli;

import org.mlgate.core.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mlgate.core.DistinctPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mlgate.core.Digest;
import org.mlgate.core.UsageException;
import org.mlgate.train.run.DatasetProvenance;

import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.SchemaFiles;
import org.mlgate.train.data.SchemaInference;
import org.mlgate.train.data.Table;
import org.mlgate.train.sanitize.Detector;
import org.mlgate.train.sanitize.Representation;
import org.mlgate.train.sanitize.SanitizeConfig;
import org.mlgate.train.sanitize.SanitizeRandomness;
import org.mlgate.train.sanitize.Sanitizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate sanitize}: thin front end over {@link Sanitizer}. */
@Command(name = "sanitize", mixinStandardHelpOptions = true,
        header = "Remove likely poisoned rows (backdoor triggers, flipped labels) from a training set.",
        description = {"Detectors, each explaining its decisions: rare-value (out-of-range values and exact values "
                + "unusually frequent in one class: how tabular triggers look), near-copy (rows equal to a row of "
                + "another class but for one or two stamped features: relabelled copies), spectral-signature (per "
                + "class, on "
                + "centred representations), activation-clustering (per class, 2-means on the top principal "
                + "components, confirmed by exclusionary reclassification), knn-label and model-label (labels "
                + "improbable beyond the label noise the neighbours or a cross-validated model themselves predict: "
                + "p-values, Benjamini-Hochberg at 5%% false discoveries, so naturally noisy labels are kept). "
                + "Representations: activations of a reference MLP trained on the data (default) or "
                + "standardised features. At most --max-removal-rate of the rows are removed (default twice "
                + "--expected-poison-rate, at most 20%%), the strongest evidence first. The kept rows are written as "
                + "CSV or JSON Lines, as --out's name says (.csv, .jsonl), to --out (atomically); --report writes JSON with every removed row (0-based index among the "
                + "data rows), its detector, score and reason, plus totals and notes."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:written (possibly nothing removed)", "2:usage error", "3:could not complete (data defects, I/O)"})
public final class SanitizeCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The rows to clean (CSV, JSONL or "
            + "ARFF).") Path data;
    @Option(names = "--data-format", paramLabel = "F", description = "csv, sklearn-csv, jsonl or arff (default: from "
            + "the file name).") String dataFormat;
    @Option(names = "--label", paramLabel = "COLUMN", description = "Without --schema: the label column; the schema "
            + "is inferred from the data.") String label;
    @Option(names = "--drop", split = ",", paramLabel = "COLUMN", description = "With --label: columns the inferred "
            + "schema leaves out (identifiers such as a transaction id).") List<String> drop = new ArrayList<>();
    @Option(names = "--schema", paramLabel = "FILE", description = "A declared schema (mlgate-schema/v1).")
    Path schemaFile;
    @Option(names = "--out", required = true, paramLabel = "CLEAN_FILE", description = "The kept rows: .csv or "
            + ".jsonl, written in the format the name says.") Path out;
    @Option(names = "--report", paramLabel = "FILE.json", description = "Also write the side report: every removed "
            + "row with its detector, score and reason, plus totals and notes (JSON).") Path report;
    @Option(names = "--expected-poison-rate", defaultValue = "0.05", paramLabel = "R", description = "The share of "
            + "rows expected to be poisoned (default ${DEFAULT-VALUE}).") double rate;
    @Option(names = "--max-removal-rate", paramLabel = "R", description = "Remove at most this share of the rows "
            + "(default twice --expected-poison-rate, at most 0.2).") Double maxRemoval;
    @Option(names = "--detectors", split = ",", paramLabel = "NAME", description = "Detectors to run (default all): "
            + "rare-value, near-copy, spectral-signature, activation-clustering, knn-label, model-label")
    List<String> detectors = new ArrayList<>();
    @Option(names = "--representation", defaultValue = "activations", paramLabel = "R", description = "activations "
            + "or features (default ${DEFAULT-VALUE})") String representation;
    @Option(names = "--provenance", paramLabel = "FILE.json", description = "Also write an in-toto SLSA provenance "
            + "statement: the data file -> this run -> the cleaned file, by SHA-256 (record it with 'mlgate lineage "
            + "record').") Path provenance;
    @picocli.CommandLine.Mixin
    ReportFormatOption format;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(data)) {
            throw new UsageException("no such data file: " + data);
        }
        if (schemaFile == null && label == null) {
            throw new UsageException("give --schema FILE or --label COLUMN");
        }
        if (schemaFile != null && !drop.isEmpty()) {
            throw new UsageException("--drop is for --label (inferring a schema); " + schemaFile + " lists what it drops");
        }
        AtomicFiles.check(out);
        DataFormat outFormat = DataFormat.writable(out); // the format its name says
        if (report != null) {
            AtomicFiles.check(report);
        }
        if (provenance != null) {
            AtomicFiles.check(provenance);
        }
        DistinctPaths.check().input("--data", data).input("--schema", schemaFile).output("--out", out)
                .output("--report", report).output("--provenance", provenance).verify();
        SanitizeConfig config = SanitizeConfig.of(rate).withRepresentation(Representation.parse(representation));
        if (maxRemoval != null) {
            config = config.withMaxRemovalRate(maxRemoval);
        }
        if (!detectors.isEmpty()) {
            config = config.withDetectors(detectors.stream().map(Detector::parse).collect(Collectors.toSet()));
        }
        String dataSha = provenance != null ? Digest.sha256(data).hex() : null; // the bytes about to be read
        Table table = (dataFormat != null ? DataFormat.parse(dataFormat) : DataFormat.of(data)).read(data,
                ReadLimits.DEFAULT);
        Schema schema = schemaFile != null ? SchemaFiles.read(schemaFile)
                : SchemaInference.infer(table, label, drop, null);
        if (label != null && !label.equals(schema.label().name())) {
            throw new UsageException("--label " + label + " but the schema's label is " + schema.label().name());
        }
        Streams s = parent.streams();
        long start = System.nanoTime();
        Sanitizer.Report r = Sanitizer.run(table, schema, config, SanitizeRandomness.secure(), stage -> s.err()
                .printf("sanitize: %s (%d rows, %.1f s)%n", stage, table.rowCount(), (System.nanoTime() - start) / 1e9));
        Table kept = Sanitizer.clean(table, r);
        AtomicFiles.write(out, o -> outFormat.write(kept, o));
        byte[] json = Json.pretty(r).getBytes(StandardCharsets.UTF_8);
        if (report != null) {
            AtomicFiles.write(report, o -> o.write(json));
        }
        if (provenance != null) {
            SanitizeConfig c = config;
            byte[] statement = DatasetProvenance.sanitized(data, dataSha, out, report,
                    new DatasetProvenance.SanitizeParameters(c.expectedPoisonRate(), c.maxRemovalRate(),
                            c.detectors().stream().map(Detector::label).sorted().toList(), c.representation().label(),
                            r.rows(), r.removedTotal()));
            AtomicFiles.write(provenance, o -> o.write(statement));
        }
        if (format.json()) {
            s.out().println(new String(json, StandardCharsets.UTF_8));
        } else {
            s.out().printf("removed %d of %d rows (budget %d; %s); wrote %s%n", r.removedTotal(), r.rows(), r.budget(),
                    r.byDetector(), out);
            s.out().println("  by class: " + String.join(", ", r.removedByClass().entrySet().stream().map(e ->
                    String.format("'%s' %d of %d", e.getKey(), e.getValue(), r.rowsByClass().get(e.getKey())))
                    .toList()));
            r.notes().forEach(n -> s.out().println("  note: " + n));
            r.removed().stream().limit(5).forEach(x -> s.out().println("  row " + x.row() + " [" + x.detector() + "] "
                    + x.reason()));
            if (r.removed().size() > 5) {
                s.out().println("  ... (" + (r.removed().size() - 5) + " more" + (report != null ? ", see " + report
                        : "; --report FILE.json lists all") + ")");
            }
        }
        return 0;
    }
}
