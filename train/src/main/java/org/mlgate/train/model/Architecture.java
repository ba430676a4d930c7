package org.mlgate.train.model;

import java.util.List;
import org.mlgate.core.UsageException;

/**
 * The shape of a model: {@code features} inputs, 0 (logistic regression) to 3 (MLP) ReLU hidden layers, and
 * {@code classes} ≥ 2 classes. Logistic regression on two classes has one sigmoid output; every other model has
 * one softmax output per class (so the benchmark MLP 30→64→2 has two outputs). Validated here, once.
 */
public record Architecture(Kind kind, int features, List<Integer> hidden, int classes) {
    /** The largest number of hidden layers an MLP may have. */
    public static final int MAX_HIDDEN_LAYERS = 3;
    /** Upper bound on any layer width (keeps the flat parameter vector far from int overflow). */
    public static final int MAX_WIDTH = 1 << 16;

    public enum Kind {
        LOGISTIC_REGRESSION("logistic_regression"), MLP("mlp");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind parse(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            throw new UsageException("unknown model kind '" + id + "' (expected logistic_regression or mlp)");
        }
    }

    /** How the outputs become class probabilities. */
    public enum Head { SIGMOID, SOFTMAX }

    public Architecture {
        if (kind == null) {
            throw new UsageException("model kind is required");
        }
        hidden = List.copyOf(hidden);
        if (features < 1 || features > MAX_WIDTH) {
            throw new UsageException("features must be 1.." + MAX_WIDTH + ", got " + features);
        }
        if (classes < 2 || classes > MAX_WIDTH) {
            throw new UsageException("classes must be 2.." + MAX_WIDTH + ", got " + classes);
        }
        if (kind == Kind.LOGISTIC_REGRESSION && !hidden.isEmpty()) {
            throw new UsageException("logistic regression has no hidden layers, got " + hidden);
        }
        if (kind == Kind.MLP && (hidden.isEmpty() || hidden.size() > MAX_HIDDEN_LAYERS)) {
            throw new UsageException("an MLP has 1.." + MAX_HIDDEN_LAYERS + " hidden layers, got " + hidden.size());
        }
        for (int h : hidden) {
            if (h < 1 || h > MAX_WIDTH) {
                throw new UsageException("hidden layer widths must be 1.." + MAX_WIDTH + ", got " + hidden);
            }
        }
        long params = 0;
        int in = features;
        for (int h : hidden) {
            params += (long) h * in + h;
            in = h;
        }
        int out = kind == Kind.LOGISTIC_REGRESSION && classes == 2 ? 1 : classes;
        params += (long) out * in + out;
        if (params > Integer.MAX_VALUE - 16) {
            throw new UsageException("model has too many parameters (" + params + ")");
        }
    }

    public static Architecture logisticRegression(int features, int classes) {
        return new Architecture(Kind.LOGISTIC_REGRESSION, features, List.of(), classes);
    }

    public static Architecture mlp(int features, List<Integer> hidden, int classes) {
        return new Architecture(Kind.MLP, features, hidden, classes);
    }

    public Head head() {
        return outputs() == 1 ? Head.SIGMOID : Head.SOFTMAX;
    }

    /** Number of output units: 1 for binary logistic regression (sigmoid), else {@code classes} (softmax). */
    public int outputs() {
        return kind == Kind.LOGISTIC_REGRESSION && classes == 2 ? 1 : classes;
    }

    /** Layer widths from input to output: {@code [features, hidden..., outputs]}. */
    public int[] widths() {
        int[] w = new int[hidden.size() + 2];
        w[0] = features;
        for (int i = 0; i < hidden.size(); i++) {
            w[i + 1] = hidden.get(i);
        }
        w[w.length - 1] = outputs();
        return w;
    }

    /** Length of the flat parameter vector: per layer, weight (out × in, row-major) then bias (out). */
    public int parameterCount() {
        int[] w = widths();
        int n = 0;
        for (int l = 0; l + 1 < w.length; l++) {
            n += w[l + 1] * w[l] + w[l + 1];
        }
        return n;
    }
}
