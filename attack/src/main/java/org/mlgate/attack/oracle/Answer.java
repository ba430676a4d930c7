package org.mlgate.attack.oracle;

/**
 * What the target said about one row: always the label; class probabilities (in {@link Oracle#classes} order) when
 * its output policy shows them all, else {@code null}; the bin name under a bins policy; {@code scoresShown}, how
 * many class scores the answer carried (all of them, fewer under a top-k policy, 0 for labels or bins).
 */
public record Answer(String label, double[] probabilities, String bin, int scoresShown) {
    public Answer {
        if (label == null) {
            throw new IllegalArgumentException("an answer always has a label");
        }
        probabilities = probabilities == null ? null : probabilities.clone();
        if (probabilities != null) {
            scoresShown = probabilities.length;
        }
    }

    /** An answer whose scores are all shown or none. */
    public Answer(String label, double[] probabilities, String bin) {
        this(label, probabilities, bin, probabilities == null ? 0 : probabilities.length);
    }

    @Override
    public double[] probabilities() {
        return probabilities == null ? null : probabilities.clone();
    }

    public boolean hasScores() {
        return probabilities != null;
    }
}
