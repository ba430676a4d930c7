package org.mlgate.train.robust;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Scale;
import org.mlgate.train.data.Schema;

/**
 * What an adversarial perturbation of one encoded row may change, per model input (encoded column), validated
 * once here:
 * <ul>
 *   <li>{@code immutable[j]}: the column keeps its clean value (e.g. age, a customer's country);</li>
 *   <li>{@code groups}: one-hot slots {@code [start, end)} of one categorical feature; after each step the
 *       group is projected to its arg-max slot (ties keep the clean category), so it stays an exact one-hot;</li>
 *   <li>{@code integerStep[j]} &gt; 0: the column takes only multiples of this step in encoded units (an integer
 *       feature on a linear scale: 1 / (max − min)); the value is rounded to the nearest multiple inside the
 *       allowed interval, or left clean if there is none; 0 = continuous;</li>
 *   <li>{@code scale[j]} &gt; 0: the column's ε multiplier: the L∞ ball has radius ε·scale[j] in encoded units
 *       (all 1: ε in encoded [0, 1] units; a feature's standard deviation: ε in standardised units).</li>
 * </ul>
 * Every column is always kept in the encoder's range [0, 1]. Arrays are copied in and out.
 */
public record TabularConstraints(int width, boolean[] immutable, List<OneHotGroup> groups, double[] integerStep,
                                 double[] scale) {
    /** One-hot slots {@code [start, end)} of one categorical feature. */
    public record OneHotGroup(int start, int end) {
        public OneHotGroup {
            if (start < 0 || end - start < 1) {
                throw new UsageException("one-hot group [" + start + ", " + end + ") is empty or negative");
            }
        }
    }

    public TabularConstraints {
        if (width < 1) {
            throw new UsageException("constraints need at least one column, got " + width);
        }
        immutable = Objects.requireNonNull(immutable, "immutable").clone();
        integerStep = Objects.requireNonNull(integerStep, "integerStep").clone();
        scale = Objects.requireNonNull(scale, "scale").clone();
        groups = List.copyOf(groups);
        if (immutable.length != width || integerStep.length != width || scale.length != width) {
            throw new UsageException("constraint arrays must have one entry per column (" + width + ")");
        }
        boolean[] grouped = new boolean[width];
        for (OneHotGroup g : groups) {
            if (g.end() > width) {
                throw new UsageException("one-hot group [" + g.start() + ", " + g.end() + ") past column " + width);
            }
            for (int j = g.start(); j < g.end(); j++) {
                if (grouped[j]) {
                    throw new UsageException("column " + j + " is in two one-hot groups");
                }
                grouped[j] = true;
            }
        }
        for (int j = 0; j < width; j++) {
            if (!(integerStep[j] >= 0) || integerStep[j] > 1) {
                throw new UsageException("integer step of column " + j + " must be in [0, 1], got " + integerStep[j]);
            }
            if (grouped[j] && integerStep[j] > 0) {
                throw new UsageException("column " + j + " is one-hot and integer");
            }
            if (!(scale[j] > 0) || !Double.isFinite(scale[j])) {
                throw new UsageException("scale of column " + j + " must be positive and finite, got " + scale[j]);
            }
        }
    }

    /** Every column free in [0, 1], ε in encoded units. */
    public static TabularConstraints free(int width) {
        double[] ones = new double[width];
        Arrays.fill(ones, 1.0);
        return new TabularConstraints(width, new boolean[width], List.of(), new double[width], ones);
    }

    /**
     * From a schema: numeric features free in [0, 1], categorical features one one-hot group each. Features named
     * in {@code immutableFeatures} (all their slots) never change; numeric features in {@code integerFeatures}
     * take integer values only (linear scale needed: on a log scale integers are not evenly spaced).
     */
    public static TabularConstraints fromSchema(Schema schema, Set<String> immutableFeatures,
                                                Set<String> integerFeatures) {
        Set<String> names = new HashSet<>();
        schema.features().forEach(f -> names.add(f.name()));
        for (String n : union(immutableFeatures, integerFeatures)) {
            if (!names.contains(n)) {
                throw new UsageException("constraint names '" + n + "', which is not a feature of the schema");
            }
        }
        int width = schema.width();
        boolean[] immutable = new boolean[width];
        double[] step = new double[width];
        double[] ones = new double[width];
        Arrays.fill(ones, 1.0);
        List<OneHotGroup> groups = new ArrayList<>();
        int at = 0;
        for (Feature f : schema.features()) {
            int w = f.width();
            if (immutableFeatures.contains(f.name())) {
                Arrays.fill(immutable, at, at + w, true);
            }
            switch (f) {
                case Feature.Categorical c -> {
                    if (integerFeatures.contains(c.name())) {
                        throw new UsageException("'" + c.name() + "' is categorical, not an integer feature");
                    }
                    groups.add(new OneHotGroup(at, at + w));
                }
                case Feature.Numeric n -> {
                    if (integerFeatures.contains(n.name())) {
                        if (n.scale() != Scale.LINEAR || n.min() != Math.rint(n.min())) {
                            throw new UsageException("integer feature '" + n.name()
                                    + "' needs a linear scale and an integer min (its grid starts at min)");
                        }
                        step[at] = Math.min(1.0, 1.0 / (n.max() - n.min()));
                    }
                }
            }
            at += w;
        }
        return new TabularConstraints(width, immutable, groups, step, ones);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(Objects.requireNonNull(a, "immutableFeatures"));
        u.addAll(Objects.requireNonNull(b, "integerFeatures"));
        return u;
    }

    /** The same constraints with ε multipliers per column (e.g. the features' standard deviations). */
    public TabularConstraints withScale(double[] scale) {
        return new TabularConstraints(width, immutable, groups, integerStep, scale);
    }

    @Override
    public boolean[] immutable() {
        return immutable.clone();
    }

    @Override
    public double[] integerStep() {
        return integerStep.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    /** ε·scale[j], the perturbation radius of column j. */
    double radius(int j, double eps) {
        return eps * scale[j];
    }

    boolean isImmutable(int j) {
        return immutable[j];
    }

    /**
     * Projects {@code adv} (a row of {@code width} values) onto the feasible set around the clean row
     * {@code clean[cleanOffset ..]}: immutable columns reset, others clipped to the L∞ ball of radius ε·scale
     * and to [0, 1], integer columns rounded inside that interval, one-hot groups set to their arg-max slot.
     */
    public void project(float[] adv, float[] clean, int cleanOffset, double eps) {
        for (int j = 0; j < width; j++) {
            float c = clean[cleanOffset + j];
            if (immutable[j]) {
                adv[j] = c;
                continue;
            }
            double r = radius(j, eps);
            double lo = Math.max(0.0, c - r);
            double hi = Math.min(1.0, c + r);
            double v = Math.min(hi, Math.max(lo, adv[j]));
            double s = integerStep[j];
            if (s > 0) {
                double k = Math.rint(v / s);
                if (k * s > hi + 1e-9) {
                    k = Math.floor(hi / s + 1e-9);
                } else if (k * s < lo - 1e-9) {
                    k = Math.ceil(lo / s - 1e-9);
                }
                double g = k * s;
                v = g >= lo - 1e-9 && g <= hi + 1e-9 ? Math.min(1.0, Math.max(0.0, g)) : c;
            }
            adv[j] = (float) v;
        }
        for (OneHotGroup g : groups) {
            int best = g.start();
            for (int j = g.start(); j < g.end(); j++) {
                if (clean[cleanOffset + j] > 0.5f) {
                    best = j;
                }
            }
            for (int j = g.start(); j < g.end(); j++) {
                if (adv[j] > adv[best]) {
                    best = j;
                }
            }
            for (int j = g.start(); j < g.end(); j++) {
                adv[j] = j == best ? 1f : 0f;
            }
        }
    }
}
