package org.mlgate.train.run;

import java.nio.file.Path;
import java.util.Objects;
import org.mlgate.sign.VerifyOptions;
import org.mlgate.train.sandbox.Isolation;

/**
 * One training run as a caller (the CLI, later the pipeline) asks for it.
 *
 * @param job          the validated training settings
 * @param data         the data file
 * @param out          the model folder to create (absent or empty)
 * @param trace        where to move the worker's per-step trace, or null for none
 * @param saveSplit    where to write the split (row numbers of each side), or null
 * @param verification the dataset's signature check to pass before a row is read, or null
 * @param isolation    {@link Isolation#BUBBLEWRAP}, or {@link Isolation#NONE} for {@code --no-sandbox}
 */
public record TrainRequest(TrainJob job, Path data, Path out, Path trace, Path saveSplit, VerifyOptions verification,
                           Isolation isolation) {
    public TrainRequest {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(isolation, "isolation");
        if (job.trace() != (trace != null)) {
            throw new IllegalArgumentException("the job's trace flag and the trace path disagree");
        }
    }
}
