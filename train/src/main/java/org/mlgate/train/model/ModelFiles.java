package org.mlgate.train.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.tensors.Dtype;
import org.mlgate.tensors.SafeTensors;
import org.mlgate.tensors.SafeTensorsWriter;
import org.mlgate.tensors.SafetensorsException;
import org.mlgate.tensors.Tensor;

/**
 * Saves and loads models as safetensors: F32 tensors {@code layers.N.weight} (out × in, PyTorch's
 * {@code nn.Linear} layout) and {@code layers.N.bias}, with {@code __metadata__} {@code "format": "pt"} and
 * {@code "mlgate.architecture"}, the JSON of {@link ArchitectureJson}. Loading checks the architecture and every
 * tensor's name, dtype and shape, and fails closed otherwise.
 */
public final class ModelFiles {
    public static final String ARCHITECTURE_KEY = "mlgate.architecture";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The architecture as stored in the metadata. */
    public record ArchitectureJson(String format, String kind, int features, List<Integer> hidden, int classes,
                                   String activation, String head) {
        static final String FORMAT = "mlgate-model/v1";
    }

    private ModelFiles() {
    }

    public static void save(Model model, Path file) throws IOException {
        Architecture a = model.architecture();
        SafeTensorsWriter w = new SafeTensorsWriter().metadata("format", "pt")
                .metadata(ARCHITECTURE_KEY, JSON.writeValueAsString(new ArchitectureJson(ArchitectureJson.FORMAT,
                        a.kind().id(), a.features(), a.hidden(), a.classes(), "relu",
                        a.head().name().toLowerCase(java.util.Locale.ROOT))));
        int[] widths = a.widths();
        float[] p = model.parameters();
        for (int l = 0; l + 1 < widths.length; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            w.add("layers." + l + ".weight", Dtype.F32, List.of((long) out, (long) in),
                    bytes(p, model.weightOffset(l), out * in));
            w.add("layers." + l + ".bias", Dtype.F32, List.of((long) out), bytes(p, model.biasOffset(l), out));
        }
        w.write(file);
    }

    public static Model load(Path file) throws IOException {
        try (SafeTensors st = SafeTensors.open(file)) {
            return load(st, file.toString());
        } catch (SafetensorsException e) {
            throw new IncompleteException(file + ": not a valid safetensors file: " + e.getMessage(), e);
        }
    }

    /** Loads from the file's bytes already in memory (so that what is hashed is exactly what is loaded). */
    public static Model load(byte[] bytes, String file) {
        try (SafeTensors st = SafeTensors.open(java.lang.foreign.MemorySegment.ofArray(bytes))) {
            return load(st, file);
        } catch (SafetensorsException e) {
            throw new IncompleteException(file + ": not a valid safetensors file: " + e.getMessage(), e);
        }
    }

    private static Model load(SafeTensors st, String file) {
        String json = st.metadata().get(ARCHITECTURE_KEY);
        if (json == null) {
            throw new IncompleteException(file + ": no '" + ARCHITECTURE_KEY + "' in __metadata__: not an mlgate model");
        }
        ArchitectureJson aj;
        try {
            aj = JSON.readValue(json, ArchitectureJson.class);
        } catch (JsonProcessingException e) {
            throw new IncompleteException(file + ": unreadable architecture metadata: " + e.getOriginalMessage(), e);
        }
        if (!ArchitectureJson.FORMAT.equals(aj.format()) || aj.hidden() == null) {
            throw new IncompleteException(file + ": unsupported model format '" + aj.format() + "'");
        }
        Architecture a;
        try {
            a = new Architecture(Architecture.Kind.parse(aj.kind()), aj.features(), aj.hidden(), aj.classes());
        } catch (UsageException e) {
            throw new IncompleteException(file + ": invalid architecture metadata: " + e.getMessage(), e);
        }
        float[] p = new float[a.parameterCount()];
        Model m = a.kind() == Architecture.Kind.MLP ? new Mlp(a, p) : new LogisticRegression(a, p);
        int[] widths = a.widths();
        if (st.tensors().size() != 2 * (widths.length - 1)) {
            throw new IncompleteException(file + ": expected " + 2 * (widths.length - 1) + " tensors for " + a
                    + ", found " + st.tensors());
        }
        for (int l = 0; l + 1 < widths.length; l++) {
            read(st, file, "layers." + l + ".weight", List.of((long) widths[l + 1], (long) widths[l]), p,
                    m.weightOffset(l));
            read(st, file, "layers." + l + ".bias", List.of((long) widths[l + 1]), p, m.biasOffset(l));
        }
        for (float v : p) {
            if (!Float.isFinite(v)) {
                throw new IncompleteException(file + ": a parameter is not finite");
            }
        }
        m.parametersChanged();
        return m;
    }

    private static void read(SafeTensors st, String file, String name, List<Long> shape, float[] p, int offset) {
        if (!st.contains(name)) {
            throw new IncompleteException(file + ": missing tensor '" + name + "'");
        }
        Tensor t = st.tensor(name);
        if (t.dtype() != Dtype.F32 || !t.shape().equals(shape)) {
            throw new IncompleteException(file + ": tensor '" + name + "' is " + t.dtype() + " " + t.shape()
                    + ", expected F32 " + shape);
        }
        float[] v = t.toFloatArray();
        System.arraycopy(v, 0, p, offset, v.length);
    }

    private static byte[] bytes(float[] p, int offset, int count) {
        ByteBuffer b = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            b.putFloat(p[offset + i]);
        }
        return b.array();
    }
}
