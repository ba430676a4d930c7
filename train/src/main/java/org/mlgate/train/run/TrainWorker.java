package org.mlgate.train.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;

/**
 * The sandboxed half of {@code mlgate train}: {@code TrainWorker JOB.json} reads the job, runs {@link TrainRunner}
 * and reports progress as JSON lines on standard output ({@code {"epoch":..,"epochs":..,"loss":..,
 * "epsilon_spent":..}}), ending with {@code {"done":true}}. Exit codes: 0 trained, 2 usage error (bad schema, bad
 * parameters), 3 could not complete; the message goes to standard error.
 */
public final class TrainWorker {
    /** One progress line. */
    public record Progress(int epoch, int epochs, long step, long steps, double loss, double epsilonSpent) { }

    /** The last line. */
    public record Done(boolean done, String runId) { }

    private TrainWorker() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper();
        try {
            TrainJob job = json.readValue(Path.of(args[0]).toFile(), TrainJob.class);
            TrainRunner.Outcome o = TrainRunner.run(job, (epoch, epochs, step, steps, loss, eps) -> {
                try {
                    out.println(json.writeValueAsString(new Progress(epoch, epochs, step, steps, loss, eps)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            });
            out.println(json.writeValueAsString(new Done(true, o.card().runId())));
            System.exit(0);
        } catch (UsageException e) {
            System.err.println("mlgate: " + e.getMessage());
            System.exit(2);
        } catch (IncompleteException e) {
            System.err.println("mlgate: " + e.getMessage());
            System.exit(3);
        } catch (Exception e) {
            System.err.println("mlgate: training failed: " + e);
            System.exit(3);
        }
    }
}
