package org.mlgate.train.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.SchemaFiles;
import org.mlgate.train.dpsgd.JsonLinesTraceSink;
import org.mlgate.train.dpsgd.TraceSink;
import org.mlgate.train.dpsgd.Training;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.dpsgd.TrainingResult;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.ModelFiles;
import org.mlgate.train.model.TrainingData;
import org.mlgate.train.robust.AdversarialTraining;
import org.mlgate.train.robust.TabularConstraints;

/**
 * The sandboxed, untrusted half of {@code mlgate train}: reads a {@link WorkerTask} and the training rows from
 * standard input, trains following the parent's plan, and writes into its working folder only {@link #WEIGHTS}
 * and {@link #RESULT} (plus {@link #TRACE} when asked). Progress goes to standard output as JSON lines
 * ({@link Progress}). Nothing it writes is believed: the parent re-checks the weights, recomputes every figure it
 * publishes and writes the card and provenance itself. Exit codes: 0 trained, 2 usage error, 3 could not complete
 * (including a diverged run); the message goes to standard error.
 */
public final class TrainWorker {
    public static final String WEIGHTS = "weights.safetensors";
    public static final String RESULT = "result.json";
    public static final String TRACE = "trace.jsonl";

    /** One progress line (shown, never recorded). */
    public record Progress(@JsonProperty("epoch") int epoch, @JsonProperty("epochs") int epochs,
                           @JsonProperty("step") long step, @JsonProperty("steps") long steps,
                           @JsonProperty("loss") double loss, @JsonProperty("epsilon_spent") double epsilonSpent) { }

    /** What the worker claims about its run; the parent checks the steps against its plan. */
    public record Result(@JsonProperty("steps") long steps, @JsonProperty("rows_processed") long rowsProcessed,
                         @JsonProperty("final_loss") double finalLoss) { }

    private TrainWorker() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            run(Path.of(args[0]), out);
            System.exit(0);
        } catch (UsageException e) {
            System.err.println("mlgate: " + e.getMessage());
            System.exit(2);
        } catch (IncompleteException e) {
            System.err.println("mlgate: " + e.getMessage());
            System.exit(3);
        } catch (IOException | RuntimeException e) {
            System.err.println("mlgate: training failed: " + e);
            System.exit(3);
        }
    }

    static void run(Path dir, PrintStream out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        WorkerTask.Received in = WorkerTask.read(System.in);
        WorkerTask task = in.task();
        TrainJob job = task.job();
        TrainingData train = in.train();
        TrainingConfig config = job.trainingConfig(train.units() != null);
        Model model = job.model().equals("lr") ? LogisticRegression.create(train.features(), train.classes())
                : Mlp.create(train.features(), job.hiddenLayers(), train.classes());
        TabularConstraints constraints = TabularConstraints.fromSchema(SchemaFiles.parse(task.schema()
                .getBytes(StandardCharsets.UTF_8), "the task's schema"), Set.copyOf(job.immutable()),
                Set.copyOf(job.integer())).withScale(job.epsUnits().scale(train));
        AdversarialTraining adversarial = job.adversarial() == null ? null : job.adversarial().training(constraints);
        double[] lastLoss = {Double.NaN};
        TrainingResult result;
        try (TraceSink trace = job.trace() ? JsonLinesTraceSink.create(dir.resolve(TRACE)) : TraceSink.NONE) {
            result = Training.run(config, task.plan(), adversarial, model, train, trace,
                    (epoch, epochs, step, steps, loss, eps) -> {
                        lastLoss[0] = loss;
                        if (!Double.isFinite(loss)) { // stop at once: more steps cannot bring it back
                            throw new IncompleteException(TrainService.DIVERGED);
                        }
                        try {
                            out.println(json.writeValueAsString(new Progress(epoch, epochs, step, steps, loss, eps)));
                        } catch (JsonProcessingException e) {
                            throw new IllegalStateException(e);
                        }
                    });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        for (float v : result.model().parameters()) {
            if (!Float.isFinite(v)) {
                throw new IncompleteException(TrainService.DIVERGED);
            }
        }
        ModelFiles.save(result.model(), dir.resolve(WEIGHTS));
        Files.write(dir.resolve(RESULT), json.writeValueAsBytes(new Result(result.steps(), result.rowsProcessed(),
                lastLoss[0])));
    }
}
