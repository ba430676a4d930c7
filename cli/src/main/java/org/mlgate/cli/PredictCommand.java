package org.mlgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mlgate.core.AtomicFiles;
import org.mlgate.core.DistinctPaths;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.pkg.ModelPackage;
import org.mlgate.train.pkg.Scoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate predict}: offline scoring through a model package's strict predictor ({@link Scoring}). */
@Command(name = "predict", mixinStandardHelpOptions = true,
        header = "Score unlabelled rows with a model trained by 'mlgate train'.",
        description = {"Opens --model as a model package (its files checked against each other first), reads --data "
                + "(CSV, JSONL or ARFF) and predicts every row through the strict predictor: every feature must be "
                + "present, numbers finite and inside the schema's declared bounds (never clipped), categories "
                + "listed (or the feature's <other> slot). The label column, the schema's dropped columns and its "
                + "privacy unit may be present and are ignored; any other column is refused.",
            "",
            "One invalid row fails the command (exit 1) with every failing row and field listed, by file line; "
                + "--skip-invalid scores the rest and lists the invalid ones. JSON output: {\"model_sha256\", "
                + "\"predictions\": [{\"row\", \"label\", \"probabilities\": {CLASS: P, ...}}, ...]} in input order "
                + "(row = 0-based data row, probabilities in the schema's class order at full precision)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:every row scored (or, with --skip-invalid, every valid row)",
            "1:a row is invalid, or the model package is inconsistent (the message names file and field)",
            "2:usage error (options, missing files)", "3:could not complete (unreadable files, data file defects)"})
public final class PredictCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder written by "
            + "'mlgate train'.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Rows to score (no label needed).")
    Path data;

    @Option(names = "--data-format", paramLabel = "F", description = "csv, jsonl or arff (default: from the file "
            + "name).")
    String dataFormat;

    @Option(names = {"-f", "--format"}, defaultValue = "json", paramLabel = "json|csv",
            description = "Format of the predictions: json (default) or csv (row,label,p_CLASS...).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the predictions to FILE (atomically) instead "
            + "of standard output.")
    Path out;

    @Option(names = "--skip-invalid", description = "Score the valid rows and list the invalid ones instead of "
            + "failing.")
    boolean skipInvalid;

    @Override
    public Integer call() throws JsonProcessingException {
        String f = format.toLowerCase(java.util.Locale.ROOT);
        if (!f.equals("json") && !f.equals("csv")) {
            throw new UsageException("--format must be json or csv, got '" + format + "'");
        }
        if (!Files.isRegularFile(data)) {
            throw new UsageException(Files.isDirectory(data) ? data + " is a directory, not a data file"
                    : "no such data file: " + data);
        }
        if (out != null) {
            AtomicFiles.check(out, "the predictions to " + out);
            DistinctPaths.check().input("--data", data).inputTree("--model", model).output("--out", out).verify();
        }
        ModelPackage pkg = ModelPackage.open(model);
        DataFormat df = dataFormat != null ? DataFormat.parse(dataFormat) : DataFormat.of(data);
        Scoring.Result r = Scoring.score(pkg, df.read(data, ReadLimits.DEFAULT), skipInvalid);
        byte[] doc = f.equals("json")
                ? (Json.pretty(r) + "\n")
                        .getBytes(StandardCharsets.UTF_8)
                : Scoring.csv(r, pkg.schema().label().classes());
        Streams s = parent.streams();
        if (r.invalid() != null) {
            r.invalid().forEach(i -> s.err().println("mlgate: skipped " + data + ":" + i.line() + " (row " + i.row()
                    + "): " + i.field() + ": " + i.reason()));
        }
        if (out != null) {
            AtomicFiles.writeChecked(out, o -> o.write(doc));
            s.err().println("mlgate: wrote " + r.predictions().size() + " predictions to " + out);
        } else {
            s.out().write(doc, 0, doc.length);
            s.out().flush();
        }
        return 0;
    }
}
