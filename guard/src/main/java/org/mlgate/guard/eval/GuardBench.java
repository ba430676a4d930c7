package org.mlgate.guard.eval;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.mlgate.guard.Guard;
import org.mlgate.guard.rails.Deadline;
import org.mlgate.guard.rails.Rail;
import org.mlgate.guard.text.TextView;

/**
 * {@code mlgate bench guard}: single-thread throughput of a guard's input rails over a list of prompts, and each
 * rail's share, beside a peer measured in the same run (the JDK's NFKC normalisation of each prompt: a one-pass
 * text transform every guard needs at least). Figures are per core: prompts per second of the measuring
 * thread's CPU time (so other processes on a shared machine slow the wall clock but not the figure much), with
 * the wall-clock rate printed beside it.
 */
public final class GuardBench {
    /** One measured thing: prompts per CPU second and per wall second, CPU microseconds per prompt. */
    public record Figure(String what, double promptsPerCpuSecond, double promptsPerWallSecond,
                         double cpuMicrosPerPrompt) {
    }

    public record Result(int prompts, double meanChars, int passes, List<Figure> figures) {
    }

    private GuardBench() {
    }

    public static Result run(Guard guard, List<String> texts, int warmups, int passes) {
        if (texts.isEmpty() || passes < 1 || warmups < 0) {
            throw new IllegalArgumentException("need prompts, at least one pass and no negative warm-ups");
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] sink = new long[1];
        List<Figure> out = new ArrayList<>();
        for (int w = 0; w < warmups; w++) {
            texts.forEach(t -> sink[0] += guard.checkInput(t).allowed() ? 1 : 0);
            texts.forEach(t -> sink[0] += Normalizer.normalize(t, Normalizer.Form.NFKC).length());
        }
        out.add(measure("default input rails (Guard.checkInput)", mx, texts.size() * passes, () -> {
            for (int p = 0; p < passes; p++) {
                texts.forEach(t -> sink[0] += guard.checkInput(t).allowed() ? 1 : 0);
            }
        }));
        out.add(measure("peer: JDK NFKC normalisation alone", mx, texts.size() * passes, () -> {
            for (int p = 0; p < passes; p++) {
                texts.forEach(t -> sink[0] += Normalizer.normalize(t, Normalizer.Form.NFKC).length());
            }
        }));
        out.add(measure("  text normalisation (TextView)", mx, texts.size() * passes, () -> {
            for (int p = 0; p < passes; p++) {
                texts.forEach(t -> sink[0] += TextView.of(t).folded().length());
            }
        }));
        List<TextView> views = texts.stream().map(TextView::of).toList();
        for (Rail r : guard.inputRails()) {
            out.add(measure("  rail " + r.name(), mx, texts.size() * passes, () -> {
                for (int p = 0; p < passes; p++) {
                    views.forEach(v -> sink[0] += (long) (r.detect(v, Deadline.in(Long.MAX_VALUE / 4)).score() * 7));
                }
            }));
        }
        if (sink[0] == 42) {
            // Keeps the JIT from discarding the loops; never true in practice and harmless if it were.
            Thread.onSpinWait();
        }
        double chars = texts.stream().mapToLong(String::length).sum() / (double) texts.size();
        return new Result(texts.size(), chars, passes, out);
    }

    private static Figure measure(String what, ThreadMXBean mx, long prompts, Runnable work) {
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        work.run();
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double wall = (System.nanoTime() - wall0) / 1e9;
        return new Figure(what, prompts / cpu, prompts / wall, cpu * 1e6 / prompts);
    }
}
