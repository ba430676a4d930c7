package org.mlgate.guard.model;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.tensors.Dtype;
import org.mlgate.tensors.SafeTensors;
import org.mlgate.tensors.SafeTensorsWriter;
import org.mlgate.tensors.SafetensorsException;
import org.mlgate.tensors.Tensor;

/**
 * The guard's trained parts in one safetensors file: the classifier ({@code classifier.weights} F32 [2^18],
 * {@code classifier.bias} F32 [1]), the character trigram model ({@code ngram.log2p} F32 [36^3]), and in
 * {@code __metadata__} the format ({@code mlgate-guard-model/v1}), the thresholds fitted on the calibration split
 * at 1 % false positives ({@code threshold.classifier}, {@code threshold.ngram_perplexity},
 * {@code threshold.heuristic_injection}) and how it was trained ({@code train.*}). Read strictly: exactly these
 * tensors, these shapes, these metadata keys. Never deserialised: only numbers are read.
 */
public record GuardModel(LogisticModel classifier, CharTrigram ngram, Thresholds thresholds,
                         Map<String, String> training) {
    public static final String FORMAT = "mlgate-guard-model/v1";
    public static final String RESOURCE = "/org/mlgate/guard/guard-model.safetensors";
    private static final long MAX_BYTES = 16L << 20;

    /** Thresholds fitted on the calibration split (scores of the three scored rails, each in [0, 1]). */
    public record Thresholds(double classifier, double ngramPerplexity, double heuristicInjection) {
        public Thresholds {
            for (double t : new double[] {classifier, ngramPerplexity, heuristicInjection}) {
                if (!(t >= 0 && t <= 1)) {
                    throw new IllegalArgumentException("threshold " + t + " outside [0, 1]");
                }
            }
        }
    }

    public GuardModel {
        training = Map.copyOf(new TreeMap<>(training));
    }

    private static volatile GuardModel builtIn;

    /** The model shipped in the jar (trained by {@code mlgate guard train} with the seed in its metadata). */
    public static GuardModel builtIn() {
        GuardModel m = builtIn;
        if (m == null) {
            try (InputStream in = GuardModel.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IncompleteException("the built-in guard model " + RESOURCE + " is missing from the jar");
                }
                m = parse(in.readNBytes((int) MAX_BYTES + 1), RESOURCE);
            } catch (IOException e) {
                throw new IncompleteException("cannot read the built-in guard model: " + e.getMessage(), e);
            }
            builtIn = m;
        }
        return m;
    }

    public static GuardModel read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new UsageException(file + ": larger than " + MAX_BYTES + " bytes, not a guard model");
            }
            return parse(Files.readAllBytes(file), file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException(file + ": no such file");
        } catch (IOException e) {
            throw new IncompleteException("cannot read " + file + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
    }

    static GuardModel parse(byte[] bytes, String name) {
        if (bytes.length > MAX_BYTES) {
            throw new UsageException(name + ": larger than " + MAX_BYTES + " bytes, not a guard model");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(bytes.length, 8);
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, seg, 0, bytes.length);
            try (SafeTensors st = SafeTensors.open(seg)) {
                Map<String, String> meta = st.metadata();
                if (!FORMAT.equals(meta.get("format"))) {
                    throw bad(name, "metadata format is " + meta.get("format") + ", expected " + FORMAT);
                }
                if (!Set.copyOf(st.tensors()).equals(Set.of("classifier.weights", "classifier.bias", "ngram.log2p"))) {
                    throw bad(name, "tensors are " + st.tensors()
                            + ", expected classifier.weights, classifier.bias, ngram.log2p");
                }
                float[] w = floats(st.tensor("classifier.weights"), HashedFeatures.DIMENSION, name);
                float[] b = floats(st.tensor("classifier.bias"), 1, name);
                int table = CharTrigram.ALPHABET * CharTrigram.ALPHABET * CharTrigram.ALPHABET;
                float[] lm = floats(st.tensor("ngram.log2p"), table, name);
                Thresholds t = new Thresholds(number(meta, "threshold.classifier", name),
                        number(meta, "threshold.ngram_perplexity", name),
                        number(meta, "threshold.heuristic_injection", name));
                Map<String, String> training = new TreeMap<>();
                for (var e : meta.entrySet()) {
                    if (e.getKey().startsWith("train.")) {
                        training.put(e.getKey().substring("train.".length()), e.getValue());
                    } else if (!e.getKey().equals("format") && !e.getKey().startsWith("threshold.")) {
                        throw bad(name, "unknown metadata key " + e.getKey());
                    }
                }
                return new GuardModel(new LogisticModel(w, b[0]), new CharTrigram(lm), t, training);
            }
        } catch (SafetensorsException e) {
            throw bad(name, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw bad(name, e.getMessage());
        }
    }

    private static double number(Map<String, String> meta, String key, String name) {
        String v = meta.get(key);
        if (v == null) {
            throw bad(name, "metadata " + key + " is missing");
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(name, "metadata " + key + " is not a number: " + v);
        }
    }

    private static float[] floats(Tensor t, int n, String name) {
        if (t.dtype() != Dtype.F32 || !t.shape().equals(List.of((long) n))) {
            throw bad(name, t.name() + " must be F32 [" + n + "], is " + t.dtype() + " " + t.shape());
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = t.getFloat(i);
            if (!Float.isFinite(out[i])) {
                throw bad(name, t.name() + "[" + i + "] is not finite");
            }
        }
        return out;
    }

    private static UsageException bad(String name, String problem) {
        return new UsageException(name + ": not a valid guard model: " + problem);
    }

    /** The file's bytes: deterministic for the same model. */
    public byte[] toBytes() {
        SafeTensorsWriter w = new SafeTensorsWriter()
                .metadata("format", FORMAT)
                .metadata("threshold.classifier", Double.toString(thresholds.classifier()))
                .metadata("threshold.ngram_perplexity", Double.toString(thresholds.ngramPerplexity()))
                .metadata("threshold.heuristic_injection", Double.toString(thresholds.heuristicInjection()));
        training.forEach((k, v) -> w.metadata("train." + k, v));
        w.add("classifier.weights", Dtype.F32, List.of((long) HashedFeatures.DIMENSION),
                le(classifier.weights()));
        w.add("classifier.bias", Dtype.F32, List.of(1L), le(new float[] {classifier.bias()}));
        w.add("ngram.log2p", Dtype.F32, List.of((long) ngram.table().length), le(ngram.table()));
        return w.toByteArray();
    }

    private static byte[] le(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

}
