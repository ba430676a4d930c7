package org.mlgate.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.data.Encoder;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.SchemaFiles;
import org.mlgate.train.metrics.Evaluation;
import org.mlgate.train.metrics.Metrics;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate evaluate}: a trained model folder against a labelled data file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Evaluate a model trained by 'mlgate train' on a labelled data file.",
        description = "Encodes --data with the model folder's schema.json (declared bounds; unseen categories as the "
                + "schema says), predicts with model.safetensors and prints accuracy, ROC-AUC, PR-AUC (average "
                + "precision) and the Brier score.",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:evaluated", "2:usage error", "3:could not complete (data or model defects)"})
public final class EvaluateCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Option(names = "--model", required = true, paramLabel = "DIR") Path model;
    @Option(names = "--data", required = true, paramLabel = "FILE") Path data;
    @Option(names = "--data-format", paramLabel = "F") String dataFormat;
    @Option(names = {"-f", "--format"}, defaultValue = "text", description = "text or json") String format;

    /** The JSON document. */
    public record Report(@JsonProperty("accuracy") double accuracy, @JsonProperty("roc_auc") double rocAuc,
                         @JsonProperty("pr_auc") double prAuc, @JsonProperty("brier") double brier,
                         @JsonProperty("rows") int rows) { }

    @Override
    public Integer call() throws IOException {
        SigningInputs.checkFormat(format);
        if (!Files.isRegularFile(model.resolve("model.safetensors")) || !Files.isRegularFile(model.resolve("schema.json"))) {
            throw new UsageException(model + " is not a model folder (model.safetensors and schema.json)");
        }
        if (!Files.isRegularFile(data)) {
            throw new UsageException("no such data file: " + data);
        }
        Schema schema = SchemaFiles.read(model.resolve("schema.json"));
        DataFormat f = dataFormat != null ? DataFormat.parse(dataFormat) : DataFormat.of(data);
        Dataset d = Encoder.encode(schema, f.read(data, ReadLimits.DEFAULT));
        Model m;
        try {
            m = ModelFiles.load(model.resolve("model.safetensors"));
        } catch (IOException e) {
            throw new IncompleteException("cannot load " + model + ": " + e.getMessage(), e);
        }
        if (m.features() != d.features() || m.classes() != d.classes().size()) {
            throw new UsageException("the model takes " + m.features() + " features and " + m.classes()
                    + " classes; the data encode to " + d.features() + " and " + d.classes().size());
        }
        var t = org.mlgate.train.run.TrainRunner.toTraining(d);
        Evaluation ev = Metrics.evaluate(t.y(), m.predictProbabilities(t.x(), t.rows()), t.classes());
        Report r = new Report(ev.accuracy(), ev.rocAuc(), ev.prAuc(), ev.brier(), ev.rows());
        Streams s = parent.streams();
        if (format.equals("json")) {
            s.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
        } else {
            s.out().printf("%s on %s (%d rows): accuracy %.4f, ROC-AUC %.4f, PR-AUC %.4f, Brier %.4f%n", model, data,
                    r.rows(), r.accuracy(), r.rocAuc(), r.prAuc(), r.brier());
        }
        return 0;
    }
}
