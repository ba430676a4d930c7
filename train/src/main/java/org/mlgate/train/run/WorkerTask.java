package org.mlgate.train.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.mlgate.core.IncompleteException;
import org.mlgate.train.dpsgd.DpSgdPlan;
import org.mlgate.train.model.TrainingData;

/**
 * What the trusted parent hands the sandboxed worker on its standard input, and nothing more: the job's training
 * settings, the DP-SGD plan the parent drew (null without DP), the schema (for the attack constraints) and the
 * training split only — already read, verified, sanitised, encoded and split by the parent, so the worker never
 * opens the data file and never sees the validation rows.
 *
 * <p>Wire format: {@code "MLGT"}, a big-endian int length and that many bytes of JSON (this record), then the rows
 * as little-endian float32 ({@code rows × features}), the labels as int32 and, when {@code units}, the privacy-unit
 * ids as int32.
 */
public record WorkerTask(@JsonProperty("job") TrainJob job, @JsonProperty("plan") DpSgdPlan plan,
                         @JsonProperty("schema") String schema, @JsonProperty("rows") int rows,
                         @JsonProperty("features") int features, @JsonProperty("classes") int classes,
                         @JsonProperty("units") boolean units) {
    private static final int MAGIC = 0x4D4C4754;
    /** Bound on the JSON header the worker accepts. */
    private static final int MAX_HEADER = 16 << 20;

    public WorkerTask {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(schema, "schema");
    }

    /** The task for these training rows. */
    public static WorkerTask of(TrainJob job, DpSgdPlan plan, String schemaJson, TrainingData train) {
        return new WorkerTask(job, plan, schemaJson, train.rows(), train.features(), train.classes(),
                train.units() != null);
    }

    /** Writes the task and the rows (the parent's side). */
    public void write(TrainingData train, OutputStream sink) throws IOException {
        DataOutputStream out = new DataOutputStream(sink);
        byte[] header = new ObjectMapper().writeValueAsBytes(this);
        out.writeInt(MAGIC);
        out.writeInt(header.length);
        out.write(header);
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : train.x()) {
            put(b, out).putFloat(v);
        }
        for (int v : train.y()) {
            put(b, out).putInt(v);
        }
        if (train.units() != null) {
            for (int v : train.units()) {
                put(b, out).putInt(v);
            }
        }
        out.write(b.array(), 0, b.position());
        out.flush();
    }

    private static ByteBuffer put(ByteBuffer b, DataOutputStream out) throws IOException {
        if (b.remaining() < 4) {
            out.write(b.array(), 0, b.position());
            b.clear();
        }
        return b;
    }

    /** The task and its rows as the worker reads them. */
    public record Received(WorkerTask task, TrainingData train) { }

    /** Reads a task and its rows (the worker's side). */
    public static Received read(InputStream source) throws IOException {
        DataInputStream in = new DataInputStream(source);
        if (in.readInt() != MAGIC) {
            throw new IncompleteException("the worker's input is not a training task");
        }
        int length = in.readInt();
        if (length < 2 || length > MAX_HEADER) {
            throw new IncompleteException("the training task's header has " + length + " bytes");
        }
        WorkerTask t = new ObjectMapper().readValue(in.readNBytes(length), WorkerTask.class);
        long cells = (long) t.rows() * t.features();
        if (t.rows() < 1 || t.features() < 1 || cells > Integer.MAX_VALUE - 8) {
            throw new IncompleteException("the training task has " + t.rows() + " x " + t.features() + " cells");
        }
        byte[] raw = in.readNBytes(Math.toIntExact(cells * 4));
        if (raw.length != cells * 4) {
            throw new IncompleteException("the training task ends early");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] x = new float[(int) cells];
        b.asFloatBuffer().get(x);
        int[] y = ints(in, t.rows());
        int[] units = t.units() ? ints(in, t.rows()) : null;
        return new Received(t, new TrainingData(x, t.rows(), t.features(), y, t.classes(), units));
    }

    private static int[] ints(DataInputStream in, int n) throws IOException {
        byte[] raw = in.readNBytes(n * 4);
        if (raw.length != n * 4) {
            throw new IncompleteException("the training task ends early");
        }
        int[] v = new int[n];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }
}
