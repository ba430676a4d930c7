package org.mlgate.attack.membership;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.attack.AttackRun;
import org.mlgate.attack.oracle.Answer;
import org.mlgate.attack.oracle.InputSpace;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.UsageException;
import org.mlgate.train.dpsgd.NonPrivateTrainer;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.dpsgd.TrainingRandomness;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;
import org.mlgate.train.privacy.NoiseSources;

/**
 * The likelihood-ratio attack (LiRA, Carlini et al. 2022). The attacker trains shadow models on its own labelled
 * rows ({@code --attacker-data}) and models, per candidate row, the distribution of the logit-scaled confidence
 * φ = log(p_y / (1 - p_y)) of its true label under shadows that did not see it (offline) — and, online, also under
 * shadows that did: each shadow trains on a random half of the pool plus a random half of the candidates, so every
 * candidate is "in" for about half the shadows. The target's φ for the candidate (one attack query) is then scored
 * by a Gaussian likelihood ratio (online: log N(φ; μ_in, σ_in) − log N(φ; μ_out, σ_out)) or, offline, by how far it
 * lies above the "out" distribution ((φ − μ_out) / σ_out). Variances are per candidate when at least
 * {@link #PER_EXAMPLE_SHADOWS} shadows fall on that side, else one global variance (as the paper advises for few
 * shadows). Needs scores: a label-only target is refused.
 */
public final class Lira {
    /** Confidences are clamped into [FLOOR, 1 - FLOOR] before the logit. */
    static final double FLOOR = 1e-12;
    /** Shadows needed on one side before a candidate's own variance is used. */
    static final int PER_EXAMPLE_SHADOWS = 32;

    private Lira() {
    }

    public static MembershipResult run(Target target, LabeledRows members, LabeledRows nonMembers, LabeledRows pool,
                                       ShadowConfig config, boolean online, Queries queries, long seed) {
        InputSpace space = target.space();
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        int n = (int) Math.min(Math.min(members.rows().size(), nonMembers.rows().size()), queries.remaining() / 2);
        if (n < 1) {
            throw new UsageException("LiRA needs at least one member and one non-member within the budget");
        }
        if (pool.rows().size() < 4) {
            throw new UsageException("LiRA needs the attacker's own labelled rows (--attacker-data with the label "
                    + "column) to train shadow models; got " + pool.rows().size());
        }
        int[] mi = MembershipInference.sample(members.rows().size(), n, random);
        int[] ni = MembershipInference.sample(nonMembers.rows().size(), n, random);
        List<Map<String, Object>> rows = new ArrayList<>(2 * n);
        List<Integer> labels = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            rows.add(members.rows().get(mi[i]));
            labels.add(classOf(space, members.labels().get(mi[i])));
            rows.add(nonMembers.rows().get(ni[i]));
            labels.add(classOf(space, nonMembers.labels().get(ni[i])));
        }
        List<Answer> answers = queries.ask(rows);
        String observed = answers.isEmpty() ? null : answers.stream().allMatch(Answer::hasScores) ? "scores" : "labels";
        String method = online ? "lira-online" : "lira-offline";
        AttackRun run0 = AttackRun.of("membership", method, target, observed, queries, seed);
        int answered = answers.size() / 2 * 2;
        if (answered == 0) {
            return MembershipInference.result(run0, new double[0], new double[0], 0, random);
        }
        if (!"scores".equals(observed)) {
            throw new UsageException(target.oracle().describe() + " shows labels only: LiRA needs scores (use "
                    + "--method label-perturbation)");
        }
        double[] targetPhi = new double[answered];
        for (int i = 0; i < answered; i++) {
            targetPhi[i] = phi(answers.get(i).probabilities()[labels.get(i)]);
        }
        List<Map<String, Object>> cand = rows.subList(0, answered);
        float[] candX = space.encodeAll(cand);
        float[] poolX = space.encodeAll(pool.rows());
        int[] poolY = pool.labels().stream().mapToInt(l -> classOf(space, l)).toArray();
        int k = space.classes().size();
        int w = space.width();
        // per candidate: sums of phi and phi^2 over "in" and "out" shadows
        double[][] in = new double[answered][3];
        double[][] out = new double[answered][3];
        for (int s = 0; s < config.shadows(); s++) {
            boolean[] poolIn = half(pool.rows().size(), random);
            boolean[] candIn = online ? half(answered, random) : new boolean[answered];
            int rowsIn = 0;
            for (boolean b : poolIn) {
                rowsIn += b ? 1 : 0;
            }
            for (boolean b : candIn) {
                rowsIn += b ? 1 : 0;
            }
            float[] x = new float[rowsIn * w];
            int[] y = new int[rowsIn];
            int at = 0;
            for (int i = 0; i < poolIn.length; i++) {
                if (poolIn[i]) {
                    System.arraycopy(poolX, i * w, x, at * w, w);
                    y[at++] = poolY[i];
                }
            }
            for (int i = 0; i < candIn.length; i++) {
                if (candIn[i]) {
                    System.arraycopy(candX, i * w, x, at * w, w);
                    y[at++] = labels.get(i);
                }
            }
            Model m = train(x, y, rowsIn, w, k, config, random.nextLong());
            float[] p = m.predictProbabilities(candX, answered);
            for (int i = 0; i < answered; i++) {
                double v = phi(p[i * k + labels.get(i)]);
                double[] acc = candIn[i] ? in[i] : out[i];
                acc[0]++;
                acc[1] += v;
                acc[2] += v * v;
            }
        }
        double globalOut = globalVariance(out);
        double globalIn = online ? globalVariance(in) : 0;
        // few shadows per side estimate a variance badly: then one global variance (Carlini et al.'s advice)
        boolean perExample = config.shadows() >= 2 * PER_EXAMPLE_SHADOWS;
        double[] ms = new double[answered / 2];
        double[] ns = new double[answered / 2];
        for (int i = 0; i < answered; i++) {
            double muOut = out[i][0] > 0 ? out[i][1] / out[i][0] : 0;
            double varOut = perExample && out[i][0] >= PER_EXAMPLE_SHADOWS ? variance(out[i]) + 1e-6 : globalOut;
            double score;
            if (online && in[i][0] > 0 && out[i][0] > 0) {
                double muIn = in[i][1] / in[i][0];
                double varIn = perExample && in[i][0] >= PER_EXAMPLE_SHADOWS ? variance(in[i]) + 1e-6 : globalIn;
                score = logNormal(targetPhi[i], muIn, varIn) - logNormal(targetPhi[i], muOut, varOut);
            } else {
                score = (targetPhi[i] - muOut) / Math.sqrt(varOut);
            }
            if (i % 2 == 0) {
                ms[i / 2] = score;
            } else {
                ns[i / 2] = score;
            }
        }
        return MembershipInference.result(AttackRun.of("membership", method, target, observed, queries, seed), ms, ns,
                config.shadows(), random);
    }

    static Model train(float[] x, int[] y, int rows, int width, int classes, ShadowConfig c, long seed) {
        Model m = c.hidden().isEmpty() ? LogisticRegression.create(width, classes) : Mlp.create(width, c.hidden(),
                classes);
        // reproducible from the reported seed; a shadow model claims no privacy, so no DRBG is needed
        TrainingRandomness randomness = new TrainingRandomness(NoiseSources.secure(),
                RandomGeneratorFactory.of("L64X128MixRandom").create(seed), "attack shadow model, seed " + seed, false);
        new NonPrivateTrainer(TrainingConfig.builder().epochs(c.epochs()).expectedBatchSize(Math.min(rows,
                c.batchSize())).learningRate(c.learningRate()).clipNorm(1e6).build(), randomness)
                .train(m, TrainingData.of(x, rows, width, y, classes));
        return m;
    }

    static double phi(double p) {
        double c = Math.min(1 - FLOOR, Math.max(FLOOR, p));
        return Math.log(c) - Math.log1p(-c);
    }

    private static boolean[] half(int n, RandomGenerator random) {
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
            b[i] = random.nextBoolean();
        }
        return b;
    }

    private static double variance(double[] acc) {
        if (acc[0] < 2) {
            return 0;
        }
        double mu = acc[1] / acc[0];
        return Math.max(0, (acc[2] - acc[0] * mu * mu) / (acc[0] - 1));
    }

    /** The mean per-candidate variance: a floor for candidates with few shadows on one side. */
    private static double globalVariance(double[][] acc) {
        double s = 0;
        int c = 0;
        for (double[] a : acc) {
            if (a[0] >= 2) {
                s += variance(a);
                c++;
            }
        }
        return c == 0 ? 1 : s / c + 1e-6;
    }

    private static double logNormal(double x, double mu, double var) {
        return -0.5 * Math.log(var) - (x - mu) * (x - mu) / (2 * var);
    }

    static int classOf(InputSpace space, String label) {
        int c = space.classIndex(label);
        if (c < 0) {
            throw new UsageException("label '" + label + "' is not among the target's classes " + space.classes());
        }
        return c;
    }
}
