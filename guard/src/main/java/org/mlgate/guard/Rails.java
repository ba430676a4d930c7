package org.mlgate.guard;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.mlgate.core.UsageException;
import org.mlgate.guard.model.GuardModel;
import org.mlgate.guard.rails.CanaryRail;
import org.mlgate.guard.rails.ClassifierRail;
import org.mlgate.guard.rails.HeuristicInjectionRail;
import org.mlgate.guard.rails.InvisibleTextRail;
import org.mlgate.guard.rails.KeywordsRail;
import org.mlgate.guard.rails.NgramPerplexityRail;
import org.mlgate.guard.rails.PiiRail;
import org.mlgate.guard.rails.Rail;
import org.mlgate.guard.rails.RegexRail;
import org.mlgate.guard.rails.SecretsRail;
import org.mlgate.guard.rails.TokenLimitRail;

/** Builds rails from their configuration; the one place that knows each type's defaults. */
final class Rails {
    private Rails() {
    }

    /**
     * @param base the model of rails that name none (the built-in one, or the model being evaluated), and the
     *             source of default thresholds
     */
    static List<Rail> build(List<RailSpec> specs, Path dir, java.util.function.Supplier<GuardModel> base) {
        return specs.stream().map(s -> build(s, dir, base)).toList();
    }

    private static Rail build(RailSpec spec, Path dir, java.util.function.Supplier<GuardModel> base) {
        return switch (spec) {
            case RailSpec.Regex r -> RegexRail.of(r.name(), r.action().orElse(Action.BLOCK), r.patterns());
            case RailSpec.Keywords k -> KeywordsRail.of(k.name(), k.action().orElse(Action.BLOCK), k.keywords());
            case RailSpec.HeuristicInjection h -> HeuristicInjectionRail.of(h.name(), h.action().orElse(Action.BLOCK),
                    h.threshold().orElseGet(() -> base.get().thresholds().heuristicInjection()));
            case RailSpec.NgramPerplexity n -> {
                GuardModel m = model(n.model().orElse(null), dir, base);
                yield new NgramPerplexityRail(n.name(), n.action().orElse(Action.BLOCK),
                        n.threshold().orElse(m.thresholds().ngramPerplexity()),
                        n.minLatinShare().orElse(NgramPerplexityRail.DEFAULT_MIN_LATIN_SHARE), m.ngram());
            }
            case RailSpec.Classifier c -> {
                GuardModel m = model(c.model().orElse(null), dir, base);
                yield new ClassifierRail(c.name(), c.action().orElse(Action.BLOCK),
                        c.threshold().orElse(m.thresholds().classifier()), m.classifier());
            }
            case RailSpec.Secrets s -> new SecretsRail(s.name(), s.action().orElse(Action.REDACT));
            case RailSpec.Pii p -> new PiiRail(p.name(), p.action().orElse(Action.REDACT),
                    p.kinds().isEmpty() ? EnumSet.allOf(PiiKind.class) : EnumSet.copyOf(p.kinds()));
            case RailSpec.Canary c -> new CanaryRail(c.name(), c.action().orElse(Action.BLOCK), c.tokens());
            case RailSpec.InvisibleText i -> new InvisibleTextRail(i.name(), i.action().orElse(Action.BLOCK),
                    i.minCount().orElse(1));
            case RailSpec.TokenLimit t -> new TokenLimitRail(t.name(), t.action().orElse(Action.BLOCK), t.maxTokens());
            case RailSpec.OnnxClassifier o -> RailProvider.of(RailSpec.OnnxClassifier.TYPE)
                    .orElseThrow(() -> new UsageException("rail type " + RailSpec.OnnxClassifier.TYPE
                            + " needs the mlgate-guard-onnx module on the class path"))
                    .build(o, dir);
        };
    }

    /** The base model, or a model file named relative to the configuration folder (never outside it). */
    private static GuardModel model(String relative, Path dir, java.util.function.Supplier<GuardModel> base) {
        if (relative == null) {
            return base.get();
        }
        return GuardModel.read(RailProvider.inside(dir, relative, "model " + relative));
    }
}
