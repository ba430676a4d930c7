package org.mlgate.serve;

import org.mlgate.gate.Admission;
import org.mlgate.serve.policy.OutputPolicy;
import org.mlgate.train.pkg.ModelPackage;
import org.mlgate.train.pkg.Predictor;

/**
 * A model the server answers for: its URL name, the package, its frozen predictor, the default output policy and how
 * it was admitted ({@code admission} is null only under {@code --insecure-skip-verify}, which {@code /v1/models}
 * shows).
 */
public record ServedModel(String name, ModelPackage pkg, Predictor predictor, OutputPolicy policy,
                          Admission admission) {
    public boolean verified() {
        return admission != null;
    }
}
