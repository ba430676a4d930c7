package org.mlgate.guard.rails;

import org.mlgate.guard.Action;
import org.mlgate.guard.model.HashedFeatures;
import org.mlgate.guard.model.LogisticModel;
import org.mlgate.guard.text.TextView;

/** The trained classifier's probability that the text is an injection or jailbreak. */
public record ClassifierRail(String name, Action action, double threshold, LogisticModel model) implements Rail {
    @Override
    public String type() {
        return "classifier";
    }

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        return new Detection(model.probability(HashedFeatures.of(text)), java.util.List.of());
    }
}
