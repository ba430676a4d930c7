package org.mlgate.attack.oracle;

/**
 * What the target said about one row: always the label; class probabilities (in {@link Oracle#classes} order) when
 * its output policy shows them, else {@code null}; the bin name under a bins policy.
 */
public record Answer(String label, double[] probabilities, String bin) {
    public Answer {
        if (label == null) {
            throw new IllegalArgumentException("an answer always has a label");
        }
        probabilities = probabilities == null ? null : probabilities.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities == null ? null : probabilities.clone();
    }

    public boolean hasScores() {
        return probabilities != null;
    }
}
