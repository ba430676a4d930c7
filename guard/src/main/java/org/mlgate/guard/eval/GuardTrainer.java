package org.mlgate.guard.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.mlgate.core.UsageException;
import org.mlgate.guard.Action;
import org.mlgate.guard.model.CharTrigram;
import org.mlgate.guard.model.GuardModel;
import org.mlgate.guard.model.HashedFeatures;
import org.mlgate.guard.model.LogisticModel;
import org.mlgate.guard.rails.Deadline;
import org.mlgate.guard.rails.HeuristicInjectionRail;
import org.mlgate.guard.rails.NgramPerplexityRail;
import org.mlgate.guard.text.TextView;

/**
 * Trains the guard model ({@code mlgate guard train}): the classifier on the fit split (hard negatives, benign
 * prompts with trigger words, included as benign), the n-gram model on the fit split's texts (both labels:
 * jailbreak prompts are mostly natural English), thresholds of the three scored rails on the calibration split:
 * at most 1 % of its ordinary benign texts and at most 1 % of its hard negatives blocked, and as many of its
 * attacks as that allows ({@link Calibration}). Deterministic: the same corpus
 * and seed give the same file, byte for byte.
 */
public final class GuardTrainer {
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_FPR = 0.01;
    /** Floors: classifier, n-gram, heuristic (see {@link Calibration}). */
    static final double[] FLOORS = {0.5, 0, 0.5};
    private static final long NO_LIMIT = Long.MAX_VALUE / 4;

    /** A prompt with everything the training needs computed once. */
    record Prepared(Prompt prompt, TextView view, HashedFeatures.Vector features, double heuristic) {
    }

    private GuardTrainer() {
    }

    static List<Prepared> prepare(PromptCorpus corpus) {
        HeuristicInjectionRail h = HeuristicInjectionRail.of("heuristic_injection", Action.BLOCK, 1);
        List<Prepared> out = new ArrayList<>(corpus.prompts().size());
        for (Prompt p : corpus.prompts()) {
            TextView v = TextView.of(p.text());
            out.add(new Prepared(p, v, HashedFeatures.of(v), h.detect(v, Deadline.in(NO_LIMIT)).score()));
        }
        return out;
    }

    /** The model of {@code mlgate guard train}: every source, default FPR. */
    public static GuardModel train(PromptCorpus corpus, long seed) {
        return train(prepare(corpus), seed, p -> false, DEFAULT_FPR, corpus.digest());
    }

    /**
     * @param excluded prompts left out of fitting and calibration (leave-one-source-out)
     */
    static GuardModel train(List<Prepared> data, long seed, Predicate<Prompt> excluded, double targetFpr,
                            String corpusDigest) {
        return train(data, seed, excluded, new double[] {targetFpr}, corpusDigest)[0];
    }

    /**
     * One classifier and n-gram model, thresholds fitted for each target false-positive rate (the models do not
     * depend on the target, so an evaluation at several operating points trains once).
     */
    static GuardModel[] train(List<Prepared> data, long seed, Predicate<Prompt> excluded, double[] targetFprs,
                              String corpusDigest) {
        List<LogisticModel.Example> examples = new ArrayList<>();
        List<TextView> texts = new ArrayList<>();
        for (Prepared p : data) {
            if (p.prompt().split() == Split.FIT && !excluded.test(p.prompt())) {
                examples.add(new LogisticModel.Example(p.features(), p.prompt().attack()));
                texts.add(p.view());
            }
        }
        if (examples.isEmpty()) {
            throw new UsageException("no training prompts: the corpus has no fit split");
        }
        LogisticModel classifier = LogisticModel.train(examples, seed, LogisticModel.Settings.DEFAULT);
        CharTrigram ngram = CharTrigram.train(texts);
        Map<String, String> base = new TreeMap<>();
        base.put("seed", Long.toString(seed));
        base.put("corpus_sha256", corpusDigest);
        base.put("fit_examples", Integer.toString(examples.size()));
        LogisticModel.Settings s = LogisticModel.Settings.DEFAULT;
        base.put("classifier", "logistic regression, hashed word 1-2-grams + char 4-grams, 2^"
                + HashedFeatures.BITS + " buckets, AdaGrad lr " + s.learningRate() + ", l2 " + s.l2() + ", "
                + s.epochs() + " epochs, balanced classes");
        GuardModel[] out = new GuardModel[targetFprs.length];
        for (int i = 0; i < targetFprs.length; i++) {
            Map<String, String> training = new TreeMap<>(base);
            training.put("target_fpr", Double.toString(targetFprs[i]));
            out[i] = new GuardModel(classifier, ngram, calibrate(data, excluded, classifier, ngram, targetFprs[i]),
                    training);
        }
        return out;
    }

    static GuardModel.Thresholds calibrate(List<Prepared> data, Predicate<Prompt> excluded, LogisticModel classifier,
                                           CharTrigram ngram, double targetFpr) {
        List<double[]> rows = new ArrayList<>();
        List<double[]> attackRows = new ArrayList<>();
        List<double[]> hardRows = new ArrayList<>();
        NgramPerplexityRail lm = ngramRail(ngram, 1);
        for (Prepared p : data) {
            Prompt q = p.prompt();
            if (q.split() == Split.CALIBRATION && !excluded.test(q)) {
                List<double[]> into = q.attack() ? attackRows : q.hardNegative() ? hardRows : rows;
                into.add(new double[] {classifier.probability(p.features()),
                        lm.detect(p.view(), Deadline.in(NO_LIMIT)).score(), p.heuristic()});
            }
        }
        if (rows.isEmpty()) {
            throw new UsageException("no benign calibration prompts: thresholds cannot be fitted");
        }
        // Hard negatives may be blocked no more often than ordinary prompts: a looser bound let the classifier's
        // threshold fall until a trigger-word source never seen was over-blocked (NotInject 11 % at 2 %, 5 % at 1 %).
        double[] t = Calibration.fit(columns(rows), columns(attackRows), columns(hardRows), targetFpr, FLOORS,
                targetFpr);
        return new GuardModel.Thresholds(t[0], t[1], t[2]);
    }

    /** {@code rows[i][rail]} as {@code [rail][i]} (three rails). */
    private static double[][] columns(List<double[]> rows) {
        double[][] out = new double[3][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int r = 0; r < 3; r++) {
                out[r][i] = rows.get(i)[r];
            }
        }
        return out;
    }

    static NgramPerplexityRail ngramRail(CharTrigram ngram, double threshold) {
        return new NgramPerplexityRail("ngram_perplexity", Action.BLOCK, threshold, NgramPerplexityRail.DEFAULT_MIN_LATIN_SHARE, ngram);
    }
}
