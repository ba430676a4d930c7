package org.mlgate.train.model;

import java.util.Objects;

/**
 * A feed-forward classifier whose parameters live in one flat {@code float[]} (per layer: weight out × in,
 * row-major as PyTorch's {@code nn.Linear} stores it, then bias), so clipping, noising and saving act on one
 * vector. Hidden layers use ReLU; the head is a sigmoid (binary logistic regression) or a softmax; the loss is
 * cross-entropy.
 *
 * <p>Gradients are computed one example at a time without materialising the per-example gradient: for a
 * dense layer the example's weight gradient is the outer product δ·aᵀ of the layer's output error δ and its input
 * a, so its squared L2 norm is ‖δ‖²·‖a‖² (plus ‖δ‖² for the bias), and the flat norm over all layers is exact
 * from the vectors alone (Goodfellow 2015). {@link #accumulate} therefore clips and adds an example's gradient
 * to a running sum in one pass over the weights. {@link #exampleGradient} materialises one gradient (tests,
 * user-level DP).
 *
 * <p>Not thread-safe: a model and its {@link Workspace} belong to one training thread.
 */
public abstract sealed class Model permits LogisticRegression, Mlp {
    private final Architecture architecture;
    private final int[] widths;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final float[] parameters;
    /** Weights transposed to in × out (biases unused): forward passes then run contiguous over the outputs. */
    private final float[] transposed;
    private final int maxWidth;

    Model(Architecture architecture, float[] parameters) {
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.widths = architecture.widths();
        int layers = widths.length - 1;
        this.weightOffset = new int[layers];
        this.biasOffset = new int[layers];
        int off = 0;
        int max = 0;
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = off;
            off += widths[l + 1] * widths[l];
            biasOffset[l] = off;
            off += widths[l + 1];
        }
        for (int w : widths) {
            max = Math.max(max, w);
        }
        this.maxWidth = max;
        if (parameters.length != off) {
            throw new IllegalArgumentException("architecture " + architecture + " needs " + off + " parameters, got "
                    + parameters.length);
        }
        this.parameters = parameters;
        this.transposed = new float[off];
    }

    public Architecture architecture() {
        return architecture;
    }

    public int features() {
        return architecture.features();
    }

    public int classes() {
        return architecture.classes();
    }

    public int parameterCount() {
        return parameters.length;
    }

    /** The live parameter vector (optimisers update it in place). */
    public float[] parameters() {
        return parameters;
    }

    int layers() {
        return widths.length - 1;
    }

    int[] widths() {
        return widths.clone();
    }

    int weightOffset(int layer) {
        return weightOffset[layer];
    }

    int biasOffset(int layer) {
        return biasOffset[layer];
    }

    /** Scratch buffers for one thread's forward/backward passes. */
    public static final class Workspace {
        final float[][] act;
        final float[][] pre;
        final float[][] delta;
        final float[] probs;
        double lastSquaredNorm;

        Workspace(int[] widths, int maxWidth) {
            int layers = widths.length - 1;
            act = new float[layers + 1][];
            pre = new float[layers][];
            delta = new float[layers][];
            for (int l = 0; l <= layers; l++) {
                act[l] = new float[widths[l]];
            }
            for (int l = 0; l < layers; l++) {
                pre[l] = new float[widths[l + 1]];
                delta[l] = new float[widths[l + 1]];
            }
            probs = new float[Math.max(2, widths[layers])];
        }

        /** The L2 norm of the last example's unclipped gradient. */
        public double lastNorm() {
            return Math.sqrt(lastSquaredNorm);
        }
    }

    public Workspace newWorkspace() {
        return new Workspace(widths, maxWidth);
    }

    /**
     * Must be called after the parameters change and before {@link #accumulate}, {@link #exampleGradient} or
     * {@link #probabilities} (it refreshes the transposed weights the forward pass reads).
     */
    public void parametersChanged() {
        for (int l = 0; l < layers(); l++) {
            int in = widths[l];
            int out = widths[l + 1];
            int w = weightOffset[l];
            for (int j = 0; j < out; j++) {
                int row = w + j * in;
                for (int i = 0; i < in; i++) {
                    transposed[w + i * out + j] = parameters[row + i];
                }
            }
        }
    }

    /**
     * Adds {@code scale(norm) · g} to {@code sum}, where g is the gradient of the loss of example {@code row}
     * (features {@code x[row·features ...]}, label {@code label}) and the factor is min(1, clipNorm / ‖g‖)
     * (Opacus's form, with ‖g‖ + 1e-6 in the denominator): every added vector has L2 norm at most clipNorm.
     * {@code clipNorm = +∞} adds g unclipped. Returns the example's loss; {@link Workspace#lastNorm()} is ‖g‖.
     */
    public float accumulate(float[] x, int row, int label, double clipNorm, float[] sum, Workspace ws) {
        float loss = backprop(x, row, label, ws);
        double sq = squaredGradientNorm(ws);
        ws.lastSquaredNorm = sq;
        double factor = clipFactor(Math.sqrt(sq), clipNorm);
        addGradient(ws, (float) factor, sum);
        return loss;
    }

    /** min(1, C / (‖g‖ + 1e-6)); 1 for C = +∞. */
    public static double clipFactor(double norm, double clipNorm) {
        if (clipNorm == Double.POSITIVE_INFINITY) {
            return 1.0;
        }
        return Math.min(1.0, clipNorm / (norm + 1e-6));
    }

    /** Writes the (unclipped) gradient of one example's loss into {@code grad}; returns the loss. */
    public float exampleGradient(float[] x, int row, int label, float[] grad, Workspace ws) {
        java.util.Arrays.fill(grad, 0f);
        return addExampleGradient(x, row, label, grad, ws);
    }

    /** Adds the (unclipped) gradient of one example's loss to {@code grad}; returns the loss. */
    public float addExampleGradient(float[] x, int row, int label, float[] grad, Workspace ws) {
        float loss = backprop(x, row, label, ws);
        ws.lastSquaredNorm = squaredGradientNorm(ws);
        addGradient(ws, 1f, grad);
        return loss;
    }

    /** The mean cross-entropy loss over rows {@code [0, rows)} (no gradient). */
    public double meanLoss(float[] x, int[] y, int rows, Workspace ws) {
        double s = 0;
        for (int r = 0; r < rows; r++) {
            forward(x, r, ws);
            s += lossFromProbs(y[r], ws);
        }
        return s / rows;
    }

    /** Class probabilities of example {@code row} into {@code out} (length ≥ classes). */
    public void probabilities(float[] x, int row, float[] out, Workspace ws) {
        forward(x, row, ws);
        if (architecture.head() == Architecture.Head.SIGMOID) {
            out[0] = 1f - ws.probs[0];
            out[1] = ws.probs[0];
        } else {
            System.arraycopy(ws.probs, 0, out, 0, architecture.classes());
        }
    }

    /** Probabilities for {@code rows} examples, row-major (rows × classes). Refreshes the transposed weights. */
    public float[] predictProbabilities(float[] x, int rows) {
        if ((long) rows * features() != x.length) {
            throw new IllegalArgumentException("x has " + x.length + " values, expected " + rows + " × " + features());
        }
        parametersChanged();
        Workspace ws = newWorkspace();
        int k = classes();
        float[] out = new float[rows * k];
        float[] p = new float[k];
        for (int r = 0; r < rows; r++) {
            probabilities(x, r, p, ws);
            System.arraycopy(p, 0, out, r * k, k);
        }
        return out;
    }

    // ---- the engine ----

    /** Forward pass; fills act, pre and probs (sigmoid: probs[0] = P(class 1)). */
    private void forward(float[] x, int row, Workspace ws) {
        int layers = layers();
        System.arraycopy(x, row * widths[0], ws.act[0], 0, widths[0]);
        float[] t = transposed;
        float[] p = parameters;
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            float[] a = ws.act[l];
            float[] z = ws.pre[l];
            System.arraycopy(p, biasOffset[l], z, 0, out);
            int w = weightOffset[l];
            for (int i = 0; i < in; i++) {
                float ai = a[i];
                if (ai != 0f) {
                    int base = w + i * out;
                    for (int j = 0; j < out; j++) {
                        z[j] += ai * t[base + j];
                    }
                }
            }
            if (l + 1 < layers) {
                float[] next = ws.act[l + 1];
                for (int j = 0; j < out; j++) {
                    next[j] = Math.max(z[j], 0f);
                }
            }
        }
        float[] logits = ws.pre[layers - 1];
        float[] probs = ws.probs;
        if (architecture.head() == Architecture.Head.SIGMOID) {
            probs[0] = sigmoid(logits[0]);
        } else {
            int k = logits.length;
            float max = logits[0];
            for (int j = 1; j < k; j++) {
                max = Math.max(max, logits[j]);
            }
            float s = 0f;
            for (int j = 0; j < k; j++) {
                float e = (float) Math.exp(logits[j] - max);
                probs[j] = e;
                s += e;
            }
            float inv = 1f / s;
            for (int j = 0; j < k; j++) {
                probs[j] *= inv;
            }
        }
    }

    private static float sigmoid(float z) {
        return z >= 0 ? (float) (1 / (1 + Math.exp(-z))) : (float) (Math.exp(z) / (1 + Math.exp(z)));
    }

    /** Cross-entropy from the probabilities of the last forward pass, computed stably from the logits. */
    private float lossFromProbs(int label, Workspace ws) {
        float[] logits = ws.pre[layers() - 1];
        if (architecture.head() == Architecture.Head.SIGMOID) {
            double z = logits[0];
            // log(1 + e^-|z|) + max(z, 0) - y z
            return (float) (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - label * z);
        }
        float max = logits[0];
        for (int j = 1; j < logits.length; j++) {
            max = Math.max(max, logits[j]);
        }
        double s = 0;
        for (float v : logits) {
            s += Math.exp(v - max);
        }
        return (float) (Math.log(s) + max - logits[label]);
    }

    /** Forward and backward: fills delta (dLoss/dpre per layer); returns the loss. */
    private float backprop(float[] x, int row, int label, Workspace ws) {
        forward(x, row, ws);
        float loss = lossFromProbs(label, ws);
        int layers = layers();
        float[] d = ws.delta[layers - 1];
        if (architecture.head() == Architecture.Head.SIGMOID) {
            d[0] = ws.probs[0] - label;
        } else {
            for (int j = 0; j < d.length; j++) {
                d[j] = ws.probs[j];
            }
            d[label] -= 1f;
        }
        float[] p = parameters;
        for (int l = layers - 1; l > 0; l--) {
            int in = widths[l];
            int out = widths[l + 1];
            float[] dl = ws.delta[l];
            float[] prev = ws.delta[l - 1];
            java.util.Arrays.fill(prev, 0f);
            int w = weightOffset[l];
            for (int j = 0; j < out; j++) {
                float dj = dl[j];
                if (dj != 0f) {
                    int row0 = w + j * in;
                    for (int i = 0; i < in; i++) {
                        prev[i] += dj * p[row0 + i];
                    }
                }
            }
            float[] z = ws.pre[l - 1];
            for (int i = 0; i < in; i++) {
                if (z[i] <= 0f) {
                    prev[i] = 0f;
                }
            }
        }
        return loss;
    }

    /** ‖g‖² = Σ_layers ‖δ‖² (‖a‖² + 1): weight (outer product) and bias parts of the flat gradient. */
    private double squaredGradientNorm(Workspace ws) {
        double total = 0;
        for (int l = 0; l < layers(); l++) {
            float[] a = ws.act[l];
            float[] d = ws.delta[l];
            float aa = 0f;
            for (float v : a) {
                aa += v * v;
            }
            float dd = 0f;
            for (float v : d) {
                dd += v * v;
            }
            total += (double) dd * ((double) aa + 1.0);
        }
        return total;
    }

    /** target += scale · g for the example in the workspace. */
    private void addGradient(Workspace ws, float scale, float[] target) {
        if (scale == 0f) {
            return;
        }
        for (int l = 0; l < layers(); l++) {
            int in = widths[l];
            int out = widths[l + 1];
            float[] a = ws.act[l];
            float[] d = ws.delta[l];
            int w = weightOffset[l];
            int b = biasOffset[l];
            for (int j = 0; j < out; j++) {
                float dj = scale * d[j];
                if (dj != 0f) {
                    target[b + j] += dj;
                    int row0 = w + j * in;
                    for (int i = 0; i < in; i++) {
                        target[row0 + i] += dj * a[i];
                    }
                }
            }
        }
    }
}
