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
    /**
     * Per layer, the rows the forward pass reads: for a wide layer (≥ {@value #WIDE} outputs) the weight
     * transposed, one in-row of out values (z += aᵢ·row, contiguous over the outputs); otherwise the weight's own
     * out-rows (one dot product per output). Separate arrays, not offsets into one: the JIT vectorises
     * {@code z[j] += a * row[j]} but not the same loop over {@code flat[base + j]}, where it cannot rule out
     * aliasing (measured 3–4× slower on JDK 25).
     */
    private final float[][][] forwardRows;
    /** Per layer ≥ 1, the weight's out-rows, for backpropagation (shared with forwardRows for narrow layers). */
    private final float[][][] weightRows;
    private final float[][] biases;
    private final int maxWidth;
    /** Layers with at least this many outputs run their forward pass on the transposed weights. */
    static final int WIDE = 8;

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
        this.forwardRows = new float[layers][][];
        this.weightRows = new float[layers][][];
        this.biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            weightRows[l] = new float[out][in];
            forwardRows[l] = wide(out) ? new float[in][out] : weightRows[l];
            biases[l] = new float[out];
        }
    }

    static boolean wide(int outputs) {
        return outputs >= WIDE;
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

    /** An independent model with the same architecture and a copy of the parameters, ready to predict. */
    public Model copy() {
        float[] p = parameters.clone();
        Model m = this instanceof Mlp ? new Mlp(architecture, p) : new LogisticRegression(architecture, p);
        m.parametersChanged();
        return m;
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
        double logNormaliser;

        Workspace(int[] widths) {
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

        /** The L2 norm of the last example's unclipped gradient (NaN if it was not computed). */
        public double lastNorm() {
            return Math.sqrt(lastSquaredNorm);
        }
    }

    public Workspace newWorkspace() {
        return new Workspace(widths);
    }

    /** A zero gradient accumulator shaped for this model. */
    public GradientSum newGradientSum() {
        return new GradientSum(this);
    }

    /**
     * Must be called after the parameters change and before {@link #accumulate}, {@link #exampleGradient} or
     * {@link #probabilities} (it refreshes the row copies the passes read).
     */
    public void parametersChanged() {
        for (int l = 0; l < layers(); l++) {
            int in = widths[l];
            int out = widths[l + 1];
            int w = weightOffset[l];
            for (int j = 0; j < out; j++) {
                System.arraycopy(parameters, w + j * in, weightRows[l][j], 0, in);
            }
            if (wide(out)) {
                float[][] t = forwardRows[l];
                for (int j = 0; j < out; j++) {
                    float[] row = weightRows[l][j];
                    for (int i = 0; i < in; i++) {
                        t[i][j] = row[i];
                    }
                }
            }
            System.arraycopy(parameters, biasOffset[l], biases[l], 0, out);
        }
    }

    /**
     * Adds {@code factor · g} to {@code sum}, where g is the gradient of the loss of example {@code row}
     * (features {@code x[row·features ...]}, label {@code label}) and the factor is min(1, clipNorm / ‖g‖)
     * (Opacus's form, with ‖g‖ + 1e-6 in the denominator): every added vector has L2 norm at most clipNorm.
     * {@code clipNorm = +∞} adds g unclipped. Returns the example's loss; {@link Workspace#lastNorm()} is ‖g‖
     * (NaN when unclipped: not computed).
     */
    public float accumulate(float[] x, int row, int label, double clipNorm, GradientSum sum, Workspace ws) {
        float loss = backprop(x, row, label, ws);
        if (clipNorm == Double.POSITIVE_INFINITY) {
            ws.lastSquaredNorm = Double.NaN;
            addGradient(ws, 1f, sum);
            return loss;
        }
        double sq = squaredGradientNorm(ws);
        ws.lastSquaredNorm = sq;
        addGradient(ws, (float) clipFactor(Math.sqrt(sq), clipNorm), sum);
        return loss;
    }

    /** min(1, C / (‖g‖ + 1e-6)); 1 for C = +∞. */
    public static double clipFactor(double norm, double clipNorm) {
        if (clipNorm == Double.POSITIVE_INFINITY) {
            return 1.0;
        }
        return Math.min(1.0, clipNorm / (norm + 1e-6));
    }

    /** Adds the (unclipped) gradient of one example's loss to {@code sum}; returns the loss. */
    public float addExampleGradient(float[] x, int row, int label, GradientSum sum, Workspace ws) {
        float loss = backprop(x, row, label, ws);
        ws.lastSquaredNorm = squaredGradientNorm(ws);
        addGradient(ws, 1f, sum);
        return loss;
    }

    /**
     * The (unclipped) gradient of one example's loss, materialised in the parameter layout (tests, audits).
     * Returns the loss. Slow path: allocates.
     */
    public float exampleGradient(float[] x, int row, int label, float[] grad, Workspace ws) {
        GradientSum g = newGradientSum();
        float loss = addExampleGradient(x, row, label, g, ws);
        g.copyTo(grad);
        return loss;
    }

    /**
     * The gradient of one example's loss with respect to its input features (backpropagated through every layer to
     * the input: {@code out = W₀ᵀ δ₀}), written into {@code out} (length ≥ features). Returns the loss. Used by
     * adversarial attacks ({@code org.mlgate.train.robust}); the parameters are not touched. ReLU is treated as
     * having derivative 0 at 0, as in {@link #accumulate}.
     */
    public float inputGradient(float[] x, int row, int label, float[] out, Workspace ws) {
        float loss = backprop(x, row, label, ws);
        int in = widths[0];
        java.util.Arrays.fill(out, 0, in, 0f);
        float[] d = ws.delta[0];
        float[][] rows = weightRows[0];
        for (int j = 0; j < widths[1]; j++) {
            if (d[j] != 0f) {
                axpy(d[j], rows[j], out, in);
            }
        }
        return loss;
    }

    /** The loss of one example (no gradient). */
    public float exampleLoss(float[] x, int row, int label, Workspace ws) {
        forward(x, row, ws);
        return loss(label, ws);
    }

    /** The mean cross-entropy loss over rows {@code [0, rows)} (no gradient). */
    public double meanLoss(float[] x, int[] y, int rows, Workspace ws) {
        double s = 0;
        for (int r = 0; r < rows; r++) {
            forward(x, r, ws);
            s += loss(y[r], ws);
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

    /** The width of {@link #representation}: the last hidden layer of an MLP, the input of logistic regression. */
    public int representationWidth() {
        return widths[layers() - 1];
    }

    /**
     * The penultimate representation of example {@code row} (what the output layer sees: an MLP's last hidden
     * ReLU activations, logistic regression's input) into {@code out}; poisoning defences cluster it.
     */
    public void representation(float[] x, int row, float[] out, Workspace ws) {
        forward(x, row, ws);
        System.arraycopy(ws.act[layers() - 1], 0, out, 0, widths[layers() - 1]);
    }

    /** Probabilities for {@code rows} examples, row-major (rows × classes). Refreshes the row copies first. */
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
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            float[] a = ws.act[l];
            float[] z = ws.pre[l];
            float[][] rows = forwardRows[l];
            if (wide(out)) {
                // z = b + Σ_i a_i · Wᵀ[i]: contiguous over the outputs, which the JIT vectorises.
                System.arraycopy(biases[l], 0, z, 0, out);
                int i = 0;
                for (; i + 7 < in; i += 8) {
                    axpy8(a, rows, i, z, out);
                }
                for (; i + 3 < in; i += 4) {
                    axpy4(a[i], rows[i], a[i + 1], rows[i + 1], a[i + 2], rows[i + 2], a[i + 3], rows[i + 3], z, out);
                }
                for (; i < in; i++) {
                    axpy(a[i], rows[i], z, out);
                }
            } else {
                float[] b = biases[l];
                for (int j = 0; j < out; j++) {
                    z[j] = b[j] + dot(rows[j], a, in);
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
            double s = 0;
            for (int j = 0; j < k; j++) {
                double e = Math.exp(logits[j] - max);
                probs[j] = (float) e;
                s += e;
            }
            float inv = (float) (1 / s);
            for (int j = 0; j < k; j++) {
                probs[j] *= inv;
            }
            ws.logNormaliser = max + Math.log(s);
        }
    }

    /** y[0..n) += a · v[0..n) (no offsets: see {@link #forwardRows}). */
    static void axpy(float a, float[] v, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a * v[j];
        }
    }

    /** y[0..n) += a0·v0 + a1·v1 + a2·v2 + a3·v3: one pass over y for four rows (fewer loads, stores, loop setups). */
    static void axpy4(float a0, float[] v0, float a1, float[] v1, float a2, float[] v2, float a3, float[] v3,
                      float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a0 * v0[j] + a1 * v1[j] + a2 * v2[j] + a3 * v3[j];
        }
    }

    /** y[0..n) += Σ_{k<8} a[i+k] · rows[i+k]: one pass over y for eight rows. */
    static void axpy8(float[] a, float[][] rows, int i, float[] y, int n) {
        float a0 = a[i];
        float a1 = a[i + 1];
        float a2 = a[i + 2];
        float a3 = a[i + 3];
        float a4 = a[i + 4];
        float a5 = a[i + 5];
        float a6 = a[i + 6];
        float a7 = a[i + 7];
        float[] v0 = rows[i];
        float[] v1 = rows[i + 1];
        float[] v2 = rows[i + 2];
        float[] v3 = rows[i + 3];
        float[] v4 = rows[i + 4];
        float[] v5 = rows[i + 5];
        float[] v6 = rows[i + 6];
        float[] v7 = rows[i + 7];
        for (int j = 0; j < n; j++) {
            y[j] += ((a0 * v0[j] + a1 * v1[j]) + (a2 * v2[j] + a3 * v3[j]))
                    + ((a4 * v4[j] + a5 * v5[j]) + (a6 * v6[j] + a7 * v7[j]));
        }
    }

    /** yk[0..n) += ak · v for k = 0..3: one pass over v for four destination rows. */
    static void scatter4(float[] v, float a0, float[] y0, float a1, float[] y1, float a2, float[] y2, float a3,
                         float[] y3, int n) {
        for (int j = 0; j < n; j++) {
            float vj = v[j];
            y0[j] += a0 * vj;
            y1[j] += a1 * vj;
            y2[j] += a2 * vj;
            y3[j] += a3 * vj;
        }
    }

    /** Σ_{i<n} v[i] · a[i] with four independent partial sums. */
    static float dot(float[] v, float[] a, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += v[i] * a[i];
            s1 += v[i + 1] * a[i + 1];
            s2 += v[i + 2] * a[i + 2];
            s3 += v[i + 3] * a[i + 3];
        }
        for (; i < n; i++) {
            s0 += v[i] * a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ v[i]² with four independent partial sums (a serial float sum is bound by the add latency). */
    static float squares(float[] v) {
        return dot(v, v, v.length);
    }

    private static float sigmoid(float z) {
        return z >= 0 ? (float) (1 / (1 + Math.exp(-z))) : (float) (Math.exp(z) / (1 + Math.exp(z)));
    }

    /** Cross-entropy of the last forward pass, computed stably from the logits. */
    private float loss(int label, Workspace ws) {
        float[] logits = ws.pre[layers() - 1];
        if (architecture.head() == Architecture.Head.SIGMOID) {
            double z = logits[0];
            // log(1 + e^-|z|) + max(z, 0) - y z
            return (float) (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - label * z);
        }
        return (float) (ws.logNormaliser - logits[label]);
    }

    /** Forward and backward: fills delta (dLoss/dpre per layer); returns the loss. */
    private float backprop(float[] x, int row, int label, Workspace ws) {
        forward(x, row, ws);
        float loss = loss(label, ws);
        int layers = layers();
        float[] d = ws.delta[layers - 1];
        if (architecture.head() == Architecture.Head.SIGMOID) {
            d[0] = ws.probs[0] - label;
        } else {
            System.arraycopy(ws.probs, 0, d, 0, d.length);
            d[label] -= 1f;
        }
        for (int l = layers - 1; l > 0; l--) {
            int in = widths[l];
            int out = widths[l + 1];
            float[] dl = ws.delta[l];
            float[] prev = ws.delta[l - 1];
            java.util.Arrays.fill(prev, 0f);
            float[][] rows = weightRows[l];
            for (int j = 0; j < out; j++) {
                float dj = dl[j];
                if (dj != 0f) {
                    axpy(dj, rows[j], prev, in);
                }
            }
            // ReLU derivative: 1 where the activation is positive, else 0. signum of the (non-negative) activation
            // is exactly that, without a data-dependent branch (half the units are off: a branch mispredicts).
            float[] act = ws.act[l];
            for (int i = 0; i < in; i++) {
                prev[i] *= Math.signum(act[i]);
            }
        }
        return loss;
    }

    /** ‖g‖² = Σ_layers ‖δ‖² (‖a‖² + 1): weight (outer product) and bias parts of the flat gradient. */
    private double squaredGradientNorm(Workspace ws) {
        double total = 0;
        for (int l = 0; l < layers(); l++) {
            total += (double) squares(ws.delta[l]) * ((double) squares(ws.act[l]) + 1.0);
        }
        return total;
    }

    /** sum += scale · g for the example in the workspace. */
    private void addGradient(Workspace ws, float scale, GradientSum sum) {
        if (scale == 0f) {
            return;
        }
        for (int l = 0; l < layers(); l++) {
            int in = widths[l];
            int out = widths[l + 1];
            float[] a = ws.act[l];
            float[] d = ws.delta[l];
            float[][] rows = sum.weights[l];
            float[] b = sum.biases[l];
            for (int j = 0; j < out; j++) {
                b[j] += scale * d[j];
            }
            if (wide(out)) {
                // transposed rows: row i += (scale a_i) δ, four rows per pass over δ
                int i = 0;
                for (; i + 3 < in; i += 4) {
                    scatter4(d, scale * a[i], rows[i], scale * a[i + 1], rows[i + 1], scale * a[i + 2], rows[i + 2],
                            scale * a[i + 3], rows[i + 3], out);
                }
                for (; i < in; i++) {
                    axpy(scale * a[i], d, rows[i], out);
                }
            } else {
                for (int j = 0; j < out; j++) {
                    float dj = scale * d[j];
                    if (dj != 0f) {
                        axpy(dj, a, rows[j], in);
                    }
                }
            }
        }
    }
}
