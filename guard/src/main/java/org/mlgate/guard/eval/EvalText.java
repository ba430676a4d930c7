package org.mlgate.guard.eval;

import java.util.List;
import java.util.Locale;

/** The text form of an {@link EvalReport}: one table per measurement. */
public final class EvalText {
    private EvalText() {
    }

    public static String render(EvalReport r) {
        StringBuilder b = new StringBuilder();
        line(b, "corpus sha256 %s, seed %d", r.corpusSha256(), r.seed());
        line(b, "");
        line(b, "%-44s %6s %6s %6s %6s %6s %6s", "source", "attack", "benign", "fit", "calib", "test", "hardneg");
        for (EvalReport.SourceCount c : r.sources()) {
            line(b, "%-44s %6d %6d %6d %6d %6d %6d", c.source(), c.attack(), c.benign(), c.fit(), c.calibration(),
                    c.test(), c.hardNegatives());
        }
        line(b, "");
        line(b, "thresholds fitted on the calibration split (at most the target share of its ordinary benign and of its "
                + "hard-negative prompts blocked, the most attacks):");
        for (EvalReport.Fitted f : r.thresholds()) {
            line(b, "  target FPR %.0f%%: classifier %.4f, ngram_perplexity %.4f, heuristic_injection %.4f "
                    + "(calibration FPR %.1f%% of %d)", 100 * f.targetFpr(), f.classifier(), f.ngramPerplexity(),
                    f.heuristicInjection(), 100 * f.calibrationFpr(), f.calibrationBenign());
        }
        table(b, "in distribution (trained on every source's fit split)", r.inDistribution());
        table(b, "leave one source out (trained and calibrated without the source)", r.leaveOneSourceOut());
        table(b, "each rail alone (in-distribution models)", r.perRail());
        table(b, "benign sources, over-blocking (trigger words) and false blocks (test split: the source's fit "
                + "split trained the classifier; never seen: trained and calibrated without the source)", r.overBlocking());
        line(b, "");
        line(b, "latency per prompt (one thread, microseconds):");
        for (EvalReport.Latency l : r.latency()) {
            line(b, "  %-32s p50 %9.1f   p99 %9.1f   mean %9.1f   (%d prompts)", l.rail(), l.p50Micros(),
                    l.p99Micros(), l.meanMicros(), l.prompts());
        }
        EvalReport.Throughput t = r.throughput();
        line(b, "");
        line(b, "throughput, default input rails, one thread, %d prompts (mean %.0f chars): %.0f prompts per CPU second "
                + "(per core), %.0f per wall-clock second; peer in the same run, JDK NFKC normalisation alone: %.0f per "
                + "CPU second, %.0f per wall-clock second", t.prompts(), t.meanChars(), t.promptsPerCpuSecond(),
                t.promptsPerWallSecond(), t.peerNfkcPromptsPerCpuSecond(), t.peerNfkcPromptsPerWallSecond());
        return b.toString();
    }

    private static void table(StringBuilder b, String title, List<EvalReport.SourceRate> rows) {
        line(b, "");
        line(b, "%s:", title);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-40s %-52s %5s", "source", "measure", "n"));
        if (!rows.isEmpty()) {
            for (EvalReport.Rate r : rows.getFirst().rates()) {
                head.append(String.format(Locale.ROOT, " %16s", String.format(Locale.ROOT, "at %.0f%% FPR",
                        100 * r.targetFpr())));
            }
        }
        line(b, "%s", head);
        for (EvalReport.SourceRate s : rows) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-40s %-52s %5d", s.source(), s.what(),
                    s.n()));
            for (EvalReport.Rate r : s.rates()) {
                row.append(String.format(Locale.ROOT, " %6.1f%% (%5d)", 100 * r.rate(), r.hits()));
            }
            line(b, "%s", row);
        }
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
