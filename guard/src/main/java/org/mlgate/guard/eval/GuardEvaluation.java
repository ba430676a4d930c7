package org.mlgate.guard.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.mlgate.guard.Guard;
import org.mlgate.guard.model.GuardModel;
import org.mlgate.guard.rails.Deadline;
import org.mlgate.guard.rails.Rail;
import org.mlgate.guard.text.TextView;

/**
 * {@code mlgate guard eval}: trains on the fit split, fits thresholds on the calibration split at 1 % and 5 %
 * false positives, and measures on what training never saw:
 * <ul>
 *   <li>in distribution: each attack source's test split, and the benign test split (false positives);</li>
 *   <li>leave one source out: for each attack source, a model trained and calibrated without any of its
 *       prompts, tested on all of them: how the guard does on a kind of attack it has never seen;</li>
 *   <li>benign sources: each all-benign source (benign prompts with trigger words such as NotInject and
 *       XSTest, ordinary instructions) on its test split, and never seen (a model trained and calibrated
 *       without any of it, tested on all of it);</li>
 *   <li>latency of each rail (p50, p99) and single-thread throughput beside a peer.</li>
 * </ul>
 */
public final class GuardEvaluation {
    /** Operating points: the default rails' 1 %, the 2 % for injections, and 5 %. */
    static final double[] TARGETS = {0.01, 0.02, 0.05};

    private GuardEvaluation() {
    }

    public static EvalReport run(PromptCorpus corpus, long seed) {
        List<GuardTrainer.Prepared> data = GuardTrainer.prepare(corpus);
        String digest = corpus.digest();
        List<EvalReport.Fitted> fitted = new ArrayList<>();
        GuardModel[] models = GuardTrainer.train(data, seed, p -> false, TARGETS, digest);
        Guard[] inDist = guards(models);
        for (int i = 0; i < TARGETS.length; i++) {
            fitted.add(fitted(data, models[i], TARGETS[i]));
        }
        List<EvalReport.SourceRate> in = new ArrayList<>();
        for (String source : attackSources(data)) {
            in.add(rate(source, "attack TPR (test split)", inDist,
                    select(data, p -> p.attack() && p.source().equals(source) && p.split() == Split.TEST)));
        }
        for (String source : sources(data, p -> !p.attack() && !p.hardNegative())) {
            in.add(rate(source, "benign false positives (test split)", inDist,
                    select(data, p -> ordinaryTest(p) && p.source().equals(source))));
        }
        in.add(rate("benign", "false positives (test split, all ordinary)", inDist,
                select(data, GuardEvaluation::ordinaryTest)));

        List<EvalReport.SourceRate> loso = new ArrayList<>();
        for (String source : attackSources(data)) {
            Predicate<Prompt> held = p -> p.attack() && p.source().equals(source);
            Guard[] g = guards(GuardTrainer.train(data, seed, held, TARGETS, digest));
            loso.add(rate(source, "attack TPR, source never seen", g, select(data, held)));
            loso.add(rate(source, "benign false positives (test split), same models", g,
                    select(data, GuardEvaluation::ordinaryTest)));
        }

        List<EvalReport.SourceRate> over = new ArrayList<>();
        for (String source : benignOnlySources(data)) {
            over.add(rate(source, "benign blocked, test split", inDist,
                    select(data, p -> p.source().equals(source) && p.split() == Split.TEST)));
            Predicate<Prompt> held = p -> p.source().equals(source);
            boolean calibrates = data.stream().map(GuardTrainer.Prepared::prompt).anyMatch(p -> !held.test(p)
                    && !p.attack() && !p.hardNegative() && p.split() == Split.CALIBRATION);
            if (!calibrates) {
                // Without it no ordinary benign prompt is left to fit thresholds on: reported, not measured.
                over.add(sourceRate(source, "never seen: not measured, the only ordinary benign source", 0,
                        new int[TARGETS.length]));
                continue;
            }
            Guard[] g = guards(GuardTrainer.train(data, seed, held, TARGETS, digest));
            over.add(rate(source, "benign blocked, source never seen (all)", g, select(data, held)));
        }
        List<EvalReport.SourceRate> perRail = perRail(data, inDist);
        return new EvalReport(digest, seed, counts(data), fitted, in, loso, perRail, over, latency(inDist[0], data),
                throughput(inDist[0], data));
    }

    /**
     * The built-in rail set (default-config.yml) with a given model and its thresholds, with a time budget of a
     * minute instead of 200 ms: a detection figure must not depend on how loaded the machine is (a rail past its
     * budget blocks, which counted a slow benign prompt as blocked on a busy machine).
     */
    static Guard guard(GuardModel m) {
        Guard d = Guard.defaults(m);
        return Guard.of(d.inputRails(), d.outputRails(), 60_000);
    }

    private static Guard[] guards(GuardModel[] models) {
        Guard[] g = new Guard[models.length];
        for (int i = 0; i < models.length; i++) {
            g[i] = guard(models[i]);
        }
        return g;
    }

    private static EvalReport.Fitted fitted(List<GuardTrainer.Prepared> data, GuardModel m, double target) {
        Guard g = guard(m);
        List<GuardTrainer.Prepared> calib = select(data,
                p -> !p.attack() && !p.hardNegative() && p.split() == Split.CALIBRATION);
        long blocked = calib.stream().filter(p -> !g.checkInput(p.prompt().text()).allowed()).count();
        GuardModel.Thresholds t = m.thresholds();
        return new EvalReport.Fitted(target, t.classifier(), t.ngramPerplexity(), t.heuristicInjection(),
                calib.size(), calib.isEmpty() ? 0 : (double) blocked / calib.size());
    }

    private static EvalReport.SourceRate rate(String source, String what, Guard[] g,
                                              List<GuardTrainer.Prepared> prompts) {
        int[] hits = new int[g.length];
        for (GuardTrainer.Prepared p : prompts) {
            for (int i = 0; i < g.length; i++) {
                if (!g[i].checkInput(p.prompt().text()).allowed()) {
                    hits[i]++;
                }
            }
        }
        return sourceRate(source, what, prompts.size(), hits);
    }

    private static EvalReport.SourceRate sourceRate(String source, String what, int n, int[] hits) {
        List<EvalReport.Rate> rates = new ArrayList<>();
        for (int i = 0; i < hits.length; i++) {
            rates.add(new EvalReport.Rate(TARGETS[i], hits[i], n == 0 ? 0 : (double) hits[i] / n));
        }
        return new EvalReport.SourceRate(source, what, n, rates);
    }

    /** Share of all attack test prompts each rail fires on by itself, at each target's thresholds. */
    private static List<EvalReport.SourceRate> perRail(List<GuardTrainer.Prepared> data, Guard[] g) {
        List<GuardTrainer.Prepared> attacks = select(data, p -> p.attack() && p.split() == Split.TEST);
        List<GuardTrainer.Prepared> benign = select(data, GuardEvaluation::ordinaryTest);
        List<EvalReport.SourceRate> out = new ArrayList<>();
        for (int r = 0; r < g[0].inputRails().size(); r++) {
            String name = g[0].inputRails().get(r).name();
            out.add(railRate(name, "attack TPR (test split, all sources)", g, r, attacks));
            out.add(railRate(name, "benign false positives (test split)", g, r, benign));
        }
        return out;
    }

    private static EvalReport.SourceRate railRate(String name, String what, Guard[] g, int r,
                                                  List<GuardTrainer.Prepared> prompts) {
        int[] hits = new int[g.length];
        for (GuardTrainer.Prepared p : prompts) {
            for (int i = 0; i < g.length; i++) {
                if (g[i].checkInput(p.prompt().text()).hits().get(r).fired()) {
                    hits[i]++;
                }
            }
        }
        return sourceRate(name, what, prompts.size(), hits);
    }

    private static List<EvalReport.Latency> latency(Guard g, List<GuardTrainer.Prepared> data) {
        List<Rail> rails = g.inputRails();
        long[][] nanos = new long[rails.size()][data.size()];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < data.size(); i++) {
                TextView v = TextView.of(data.get(i).prompt().text());
                for (int r = 0; r < rails.size(); r++) {
                    long t0 = System.nanoTime();
                    rails.get(r).detect(v, Deadline.in(1_000_000_000L));
                    nanos[r][i] = System.nanoTime() - t0;
                }
            }
        }
        List<EvalReport.Latency> out = new ArrayList<>();
        long[] view = new long[data.size()];
        for (int i = 0; i < data.size(); i++) {
            long t0 = System.nanoTime();
            TextView.of(data.get(i).prompt().text());
            view[i] = System.nanoTime() - t0;
        }
        out.add(latency("(text normalisation, shared)", view));
        for (int r = 0; r < rails.size(); r++) {
            out.add(latency(rails.get(r).name(), nanos[r]));
        }
        return out;
    }

    private static EvalReport.Latency latency(String name, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new EvalReport.Latency(name, s.length, s[(int) (0.50 * (s.length - 1))] / 1000.0,
                s[(int) Math.ceil(0.99 * (s.length - 1))] / 1000.0, Arrays.stream(s).average().orElse(0) / 1000.0);
    }

    private static EvalReport.Throughput throughput(Guard g, List<GuardTrainer.Prepared> data) {
        List<String> texts = data.stream().map(p -> p.prompt().text()).toList();
        GuardBench.Result r = GuardBench.run(g, texts, 1, 3);
        GuardBench.Figure guard = r.figures().get(0);
        GuardBench.Figure peer = r.figures().get(1);
        return new EvalReport.Throughput(r.prompts(), r.meanChars(), guard.promptsPerCpuSecond(),
                guard.promptsPerWallSecond(), peer.promptsPerCpuSecond(), peer.promptsPerWallSecond());
    }

    /** An ordinary benign prompt (no built-in trigger words) of the test split. */
    private static boolean ordinaryTest(Prompt p) {
        return !p.attack() && !p.hardNegative() && p.split() == Split.TEST;
    }

    private static List<GuardTrainer.Prepared> select(List<GuardTrainer.Prepared> data, Predicate<Prompt> p) {
        return data.stream().filter(d -> p.test(d.prompt())).toList();
    }

    /** Sources all of whose prompts are benign (hard negatives, ordinary instructions). */
    private static List<String> benignOnlySources(List<GuardTrainer.Prepared> data) {
        List<String> withAttacks = attackSources(data);
        return sources(data, p -> !p.attack()).stream().filter(s -> !withAttacks.contains(s)).toList();
    }

    private static List<String> attackSources(List<GuardTrainer.Prepared> data) {
        return sources(data, Prompt::attack);
    }

    private static List<String> sources(List<GuardTrainer.Prepared> data, Predicate<Prompt> p) {
        return data.stream().map(GuardTrainer.Prepared::prompt).filter(p).map(Prompt::source).distinct().sorted()
                .toList();
    }

    private static List<EvalReport.SourceCount> counts(List<GuardTrainer.Prepared> data) {
        Map<String, int[]> m = new TreeMap<>();
        for (GuardTrainer.Prepared d : data) {
            Prompt p = d.prompt();
            int[] c = m.computeIfAbsent(p.source(), k -> new int[6]);
            c[p.attack() ? 0 : 1]++;
            c[2 + p.split().ordinal()]++;
            c[5] += p.hardNegative() ? 1 : 0;
        }
        List<EvalReport.SourceCount> out = new ArrayList<>();
        m.forEach((s, c) -> out.add(new EvalReport.SourceCount(s, c[0], c[1], c[2], c[3], c[4], c[5])));
        return out;
    }

}
