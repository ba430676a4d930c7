package org.mlgate.train.model;

import java.util.Arrays;

/**
 * A sum of gradients of one {@link Model}, kept as separate rows per layer (wide layers transposed, as the model's
 * forward rows) so the accumulation loops vectorise; {@link #copyTo} writes it in the flat parameter layout. The
 * L2 norm and sums are layout-independent, so clipping a user's sum and adding noise per coordinate are exact in
 * either layout.
 */
public final class GradientSum {
    private final Model model;
    final float[][][] weights;
    final float[][] biases;

    GradientSum(Model model) {
        this.model = model;
        int[] w = model.widths();
        int layers = w.length - 1;
        weights = new float[layers][][];
        biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = Model.wide(w[l + 1]) ? new float[w[l]][w[l + 1]] : new float[w[l + 1]][w[l]];
            biases[l] = new float[w[l + 1]];
        }
    }

    public void clear() {
        for (int l = 0; l < weights.length; l++) {
            for (float[] row : weights[l]) {
                Arrays.fill(row, 0f);
            }
            Arrays.fill(biases[l], 0f);
        }
    }

    /** The L2 norm over all coordinates. */
    public double norm() {
        double s = 0;
        for (int l = 0; l < weights.length; l++) {
            for (float[] row : weights[l]) {
                s += Model.squares(row);
            }
            s += Model.squares(biases[l]);
        }
        return Math.sqrt(s);
    }

    /** this += factor · other (same model shape). */
    public void addScaled(GradientSum other, float factor) {
        for (int l = 0; l < weights.length; l++) {
            for (int r = 0; r < weights[l].length; r++) {
                float[] src = other.weights[l][r];
                Model.axpy(factor, src, weights[l][r], src.length);
            }
            Model.axpy(factor, other.biases[l], biases[l], biases[l].length);
        }
    }

    /** Writes the sum into {@code flat} in the model's parameter layout (weight out × in, then bias, per layer). */
    public void copyTo(float[] flat) {
        if (flat.length != model.parameterCount()) {
            throw new IllegalArgumentException("need " + model.parameterCount() + " values, got " + flat.length);
        }
        int[] w = model.widths();
        for (int l = 0; l < weights.length; l++) {
            int in = w[l];
            int out = w[l + 1];
            int off = model.weightOffset(l);
            if (Model.wide(out)) {
                for (int i = 0; i < in; i++) {
                    float[] row = weights[l][i];
                    for (int j = 0; j < out; j++) {
                        flat[off + j * in + i] = row[j];
                    }
                }
            } else {
                for (int j = 0; j < out; j++) {
                    System.arraycopy(weights[l][j], 0, flat, off + j * in, in);
                }
            }
            System.arraycopy(biases[l], 0, flat, model.biasOffset(l), out);
        }
    }
}
