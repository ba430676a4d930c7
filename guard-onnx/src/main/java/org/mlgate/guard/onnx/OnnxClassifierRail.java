package org.mlgate.guard.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlgate.core.UsageException;
import org.mlgate.guard.Action;
import org.mlgate.guard.Span;
import org.mlgate.guard.rails.Deadline;
import org.mlgate.guard.rails.Detection;
import org.mlgate.guard.rails.Rail;
import org.mlgate.guard.text.TextView;

/**
 * The {@code onnx_classifier} rail: a user-supplied ONNX sequence classifier (inputs {@code input_ids} and
 * optionally {@code attention_mask}, {@code token_type_ids}, all int64 [batch, tokens]; first output float
 * [batch, classes] or [classes]). The text is tokenized whole and judged in windows of {@code maxTokens} tokens
 * (special tokens included), so padding cannot push an attack out of view; the score is the highest window's
 * attack probability. Fail closed: an ONNX Runtime error, an output of the wrong shape or a non-finite value
 * throws, and the guard blocks with the error as its note. The session is thread-safe (ONNX Runtime's
 * {@code run} is) and lives as long as the rail.
 */
public final class OnnxClassifierRail implements Rail {
    private static final List<String> INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");

    private final String name;
    private final Action action;
    private final double threshold;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HfTokenizer tokenizer;
    private final int[] attackLabels;
    private final boolean logits;
    private final int maxTokens;
    private final List<String> inputs;
    private final Path file;

    private OnnxClassifierRail(String name, Action action, double threshold, OrtEnvironment env, OrtSession session,
                               HfTokenizer tokenizer, int[] attackLabels, boolean logits, int maxTokens,
                               List<String> inputs, Path file) {
        this.name = name;
        this.action = action;
        this.threshold = threshold;
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.attackLabels = attackLabels.clone();
        this.logits = logits;
        this.maxTokens = maxTokens;
        this.inputs = List.copyOf(inputs);
        this.file = file;
    }

    /**
     * Loads the model and checks its interface; every defect is a {@link UsageException} naming the file and the
     * input or output concerned.
     */
    public static OnnxClassifierRail load(String name, Action action, double threshold, Path model,
                                          HfTokenizer tokenizer, int[] attackLabels, boolean logits, int maxTokens) {
        if (!Files.isRegularFile(model)) {
            throw new UsageException(model + ": no such ONNX model file");
        }
        if (tokenizer.specialTokens() >= maxTokens) {
            throw new UsageException("max_tokens " + maxTokens + " leaves no room beside the tokenizer's "
                    + tokenizer.specialTokens() + " special tokens");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // One thread per check: the guard is called from many request threads at once.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            // A failed run is reported in the decision's note (and blocks); ONNX Runtime need not print it too.
            options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            session = env.createSession(model.toString(), options);
        } catch (OrtException e) {
            throw new UsageException(model + ": not an ONNX model ONNX Runtime can load: " + e.getMessage());
        }
        try {
            List<String> inputs = checkInputs(model, session.getInputInfo());
            checkOutput(model, session.getOutputInfo(), attackLabels);
            return new OnnxClassifierRail(name, action, threshold, env, session, tokenizer, attackLabels, logits,
                    maxTokens, inputs, model);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new UsageException(model + ": cannot read the model's inputs and outputs: " + e.getMessage());
        } catch (UsageException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static List<String> checkInputs(Path model, Map<String, NodeInfo> info) {
        if (!info.containsKey("input_ids")) {
            throw new UsageException(model + ": inputs " + info.keySet() + ": no input named input_ids");
        }
        for (var e : info.entrySet()) {
            if (!INPUTS.contains(e.getKey())) {
                throw new UsageException(model + ": input " + e.getKey() + ": not one of " + INPUTS);
            }
            if (!(e.getValue().getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.INT64
                    || t.getShape().length != 2) {
                throw new UsageException(model + ": input " + e.getKey() + ": must be an int64 tensor "
                        + "[batch, tokens], is " + e.getValue().getInfo());
            }
        }
        return List.copyOf(info.keySet());
    }

    private static void checkOutput(Path model, Map<String, NodeInfo> info, int[] attackLabels) {
        var first = info.entrySet().iterator().next();
        if (!(first.getValue().getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT
                || t.getShape().length < 1 || t.getShape().length > 2) {
            throw new UsageException(model + ": output " + first.getKey() + ": must be a float tensor "
                    + "[batch, classes], is " + first.getValue().getInfo());
        }
        long classes = t.getShape()[t.getShape().length - 1];
        int highest = Arrays.stream(attackLabels).max().orElse(0);
        if (classes > 0 && highest >= classes) {
            throw new UsageException(model + ": output " + first.getKey() + ": has " + classes
                    + " classes; attack_labels names class " + highest);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "onnx_classifier";
    }

    @Override
    public Action action() {
        return action;
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        int[] ids = tokenizer.encode(text.original());
        int window = maxTokens - tokenizer.specialTokens();
        double best = 0;
        int from = 0;
        do {
            deadline.check();
            int to = Math.min(ids.length, from + window);
            best = Math.max(best, score(tokenizer.withSpecialTokens(ids, from, to)));
            from = to;
        } while (from < ids.length);
        return best == 0 ? Detection.NONE : new Detection(best, List.<Span>of());
    }

    /** The attack probability of one window; throws on any runtime defect (the guard then blocks). */
    private double score(long[] ids) {
        long[] shape = {1, ids.length};
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (String in : inputs) {
                long[] values = switch (in) {
                    case "input_ids" -> ids;
                    case "attention_mask" -> filled(ids.length, 1);
                    default -> filled(ids.length, 0);
                };
                feed.put(in, OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape));
            }
            try (OrtSession.Result result = session.run(feed)) {
                return attackProbability(result.get(0));
            }
        } catch (OrtException e) {
            throw new IllegalStateException(file.getFileName() + ": ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private double attackProbability(OnnxValue out) throws OrtException {
        float[] row = switch (out.getValue()) {
            case float[][] m when m.length == 1 -> m[0];
            case float[] v -> v;
            default -> throw new IllegalStateException(file.getFileName() + ": output " + out.getInfo()
                    + " is not float [1, classes]");
        };
        for (int l : attackLabels) {
            if (l >= row.length) {
                throw new IllegalStateException(file.getFileName() + ": output has " + row.length
                        + " classes; attack_labels names class " + l);
            }
        }
        double[] p = new double[row.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < row.length; i++) {
            if (!Float.isFinite(row[i])) {
                throw new IllegalStateException(file.getFileName() + ": output holds a non-finite value");
            }
            p[i] = row[i];
            max = Math.max(max, row[i]);
        }
        if (logits) {
            double sum = 0;
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.exp(p[i] - max);
                sum += p[i];
            }
            for (int i = 0; i < p.length; i++) {
                p[i] /= sum;
            }
        } else {
            for (double v : p) {
                if (v < -1e-6 || v > 1 + 1e-6) {
                    throw new IllegalStateException(file.getFileName() + ": output is not probabilities "
                            + "(a value outside [0, 1]; set output: logits)");
                }
            }
        }
        double attack = 0;
        for (int l : attackLabels) {
            attack += p[l];
        }
        return Math.min(1, Math.max(0, attack));
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // Already failing with a clearer message.
        }
    }
}
