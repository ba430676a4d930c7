package org.mlgate.guard.eval;

import java.util.List;

/**
 * What {@code mlgate guard eval} measured. Rates come with their counts ({@code hits} of {@code n}). All
 * detection figures are for the built-in input rail set ({@code default-config.yml}: invisible_text,
 * token_limit, heuristic_injection, ngram_perplexity, classifier) deciding "block", with the scored rails'
 * thresholds fitted on the calibration split at the target false-positive rate.
 */
public record EvalReport(String corpusSha256, long seed, List<SourceCount> sources, List<Fitted> thresholds,
                         List<SourceRate> inDistribution, List<SourceRate> leaveOneSourceOut,
                         List<SourceRate> perRail, List<SourceRate> overBlocking, List<Latency> latency,
                         Throughput throughput) {

    /** Prompts per source and split; hard negatives are benign prompts with trigger words (NotInject, XSTest). */
    public record SourceCount(String source, int attack, int benign, int fit, int calibration, int test,
                              int hardNegatives) {
    }

    /** Thresholds fitted for one target false-positive rate, and the rate they reach on calibration. */
    public record Fitted(double targetFpr, double classifier, double ngramPerplexity, double heuristicInjection,
                         int calibrationBenign, double calibrationFpr) {
    }

    /** Blocked share of {@code n} prompts (TPR for attacks, FPR for benign), one rate per target FPR. */
    public record SourceRate(String source, String what, int n, List<Rate> rates) {
        public SourceRate {
            rates = List.copyOf(rates);
        }
    }

    /** At the thresholds fitted for {@code targetFpr}: {@code hits} of the prompts blocked. */
    public record Rate(double targetFpr, int hits, double rate) {
    }

    /** One rail's time per prompt, microseconds. */
    public record Latency(String rail, int prompts, double p50Micros, double p99Micros, double meanMicros) {
    }

    /**
     * Single-thread throughput of the default input rails over every prompt of the corpus, per core (prompts per
     * second of the measuring thread's CPU time) and by the wall clock, beside a peer measured in the same run:
     * one NFKC normalisation of each prompt with the JDK's {@code java.text.Normalizer} ({@link GuardBench}).
     */
    public record Throughput(int prompts, double meanChars, double promptsPerCpuSecond, double promptsPerWallSecond,
                             double peerNfkcPromptsPerCpuSecond, double peerNfkcPromptsPerWallSecond) {
    }
}
