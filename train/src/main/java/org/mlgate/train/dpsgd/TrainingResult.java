package org.mlgate.train.dpsgd;

import org.mlgate.train.model.Model;
import org.mlgate.train.privacy.Epsilon;

/**
 * The outcome of a run. Under DP, {@code plan} and {@code epsilon} (from the accountant the plan names, for the
 * steps actually taken) are what a model card reports; without DP both are null. {@code rowsProcessed} counts
 * the rows whose gradients were computed (the realised batches summed), {@code seconds} the whole call.
 */
public record TrainingResult(Model model, long steps, long rowsProcessed, DpSgdPlan plan, Epsilon epsilon,
                             String randomness, double seconds) {
    public boolean isPrivate() {
        return plan != null;
    }
}
