package org.mlgate.train.model;

/**
 * Logistic regression: a sigmoid output for two classes, a softmax over {@code classes} outputs otherwise.
 * Starts from all-zero parameters (the loss is convex, so no random initialisation is needed).
 */
public final class LogisticRegression extends Model {
    LogisticRegression(Architecture architecture, float[] parameters) {
        super(architecture, parameters);
        if (architecture.kind() != Architecture.Kind.LOGISTIC_REGRESSION) {
            throw new IllegalArgumentException("not a logistic regression architecture: " + architecture);
        }
    }

    /** A zero-initialised model. */
    public static LogisticRegression create(int features, int classes) {
        Architecture a = Architecture.logisticRegression(features, classes);
        return new LogisticRegression(a, new float[a.parameterCount()]);
    }
}
