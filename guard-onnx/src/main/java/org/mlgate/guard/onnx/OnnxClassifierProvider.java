package org.mlgate.guard.onnx;

import java.nio.file.Path;
import org.mlgate.guard.Action;
import org.mlgate.guard.RailProvider;
import org.mlgate.guard.RailSpec;
import org.mlgate.guard.rails.Rail;

/** Registers {@code onnx_classifier} with the guard (listed in {@code META-INF/services}). */
public final class OnnxClassifierProvider implements RailProvider {
    /** Default threshold: a probability, so "more likely an attack than not". */
    static final double DEFAULT_THRESHOLD = 0.5;
    static final int DEFAULT_MAX_TOKENS = 512;

    @Override
    public String type() {
        return RailSpec.OnnxClassifier.TYPE;
    }

    @Override
    public Rail build(RailSpec spec, Path dir) {
        if (!(spec instanceof RailSpec.OnnxClassifier o)) {
            throw new IllegalArgumentException("not an onnx_classifier rail: " + spec);
        }
        Path model = RailProvider.inside(dir, o.model(), "model " + o.model());
        Path tokenizer = RailProvider.inside(dir, o.tokenizer(), "tokenizer " + o.tokenizer());
        int[] labels = o.attackLabels().isEmpty() ? new int[] {1}
                : o.attackLabels().stream().mapToInt(Integer::intValue).distinct().toArray();
        return OnnxClassifierRail.load(o.name(), o.action().orElse(Action.BLOCK),
                o.threshold().orElse(DEFAULT_THRESHOLD), model, HfTokenizer.read(tokenizer), labels,
                o.output().orElse(RailSpec.OnnxOutput.LOGITS) == RailSpec.OnnxOutput.LOGITS,
                o.maxTokens().orElse(DEFAULT_MAX_TOKENS));
    }
}
