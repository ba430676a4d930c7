package org.mlgate.attack.extraction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.mlgate.attack.oracle.Answer;
import org.mlgate.attack.oracle.InputSpace;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.train.data.Feature;
import org.mlgate.train.model.Model;

/**
 * Lowd–Meek style extraction of a binary linear classifier from labels alone (Lowd and Meek 2005, as Tramèr et al.
 * use it): points on the decision boundary are found by bisection along lines between two rows the target labels
 * differently, and the boundary hyperplane β·z = 0 (z the {@link LinearDesign} row: intercept, numbers, non-first
 * category slots) is the direction that best annihilates them (the smallest right singular vector). Each line moves
 * only the numeric inputs (categories held at the anchor's, so the path stays a valid row), and anchors with
 * different categories pin down the category coefficients. Labels fix the boundary, not the scale: the logit is
 * scaled so that the labelled points' largest margin is {@link #SCALE}, which changes probabilities, never labels.
 */
final class LineSearch {
    /** Bisection steps per line: the boundary point is found to 2^-12 of the line's length. */
    static final int STEPS = 12;
    static final double SCALE = 10;
    static final int PARTNER_TRIES = 3;

    private final InputSpace space;
    private final LinearDesign design;
    private final Queries queries;
    private final Supplier<Map<String, Object>> fresh;
    private final List<Map<String, Object>> known = new ArrayList<>();
    private final List<Integer> knownLabels = new ArrayList<>();
    private final List<double[]> boundary = new ArrayList<>();
    /** Anchors with their labels: the rows partners are drawn from. */
    private final List<Map<String, Object>> far = new ArrayList<>();
    private final List<Integer> farLabels = new ArrayList<>();
    private final java.util.random.RandomGenerator random;

    LineSearch(InputSpace space, Queries queries, Supplier<Map<String, Object>> fresh,
               java.util.random.RandomGenerator random) {
        this.random = random;
        this.space = space;
        this.design = new LinearDesign(space);
        this.queries = queries;
        this.fresh = fresh;
    }

    /**
     * Spends the budget on boundary points; {@code snapshot} sees each refit (after every {@code columns} points).
     * Null when the target never showed both labels or the budget did not reach enough points.
     */
    Model run(java.util.function.ObjIntConsumer<Model> snapshot, java.util.function.ToIntFunction<Answer> classOf) {
        int cols = design.columns();
        Model m = null;
        while (queries.remaining() >= STEPS + 2 && queries.stopped() == null) {
            Map<String, Object> anchor = fresh.get();
            Integer a = ask(anchor, classOf);
            if (a == null) {
                break;
            }
            far.add(anchor);
            farLabels.add(a);
            Map<String, Object> partner = null;
            Integer b = null;
            // a partner of the other label with the anchor's categories: a few tries, since the categories alone may
            // carry a row across the boundary (then no numeric line from this anchor crosses it)
            for (int tries = 0; tries < PARTNER_TRIES && queries.remaining() >= STEPS + 1; tries++) {
                Map<String, Object> p = partner(anchor, a);
                if (p == null) {
                    break;
                }
                b = ask(p, classOf);
                if (b == null || !b.equals(a)) {
                    partner = p;
                    break;
                }
            }
            if (b == null && partner != null) {
                break;
            }
            if (partner == null) {
                continue;
            }
            double[] z = bisect(anchor, partner, a, classOf);
            if (z == null) {
                break;
            }
            boundary.add(z);
            if (boundary.size() >= cols - 1 && (boundary.size() - (cols - 1)) % cols == 0) {
                m = fit();
                snapshot.accept(m, boundary.size());
            }
        }
        if (boundary.size() >= cols - 1 && (m == null || (boundary.size() - (cols - 1)) % cols != 0)) {
            m = fit();
            snapshot.accept(m, boundary.size());
        }
        return m;
    }

    private Integer ask(Map<String, Object> row, java.util.function.ToIntFunction<Answer> classOf) {
        List<Answer> r = queries.ask(List.of(row));
        if (r.isEmpty()) {
            return null;
        }
        int c = classOf.applyAsInt(r.getFirst());
        known.add(row);
        knownLabels.add(c);
        return c;
    }

    /**
     * A random anchor of the other label (never a bisection point, which sits on the boundary), its categories
     * replaced by the anchor's (so only numbers differ); null while no anchor of the other label is known.
     */
    private Map<String, Object> partner(Map<String, Object> anchor, int label) {
        List<Integer> other = new ArrayList<>();
        for (int i = 0; i < far.size(); i++) {
            if (farLabels.get(i) != label) {
                other.add(i);
            }
        }
        if (other.isEmpty()) {
            return null;
        }
        Map<String, Object> p = new LinkedHashMap<>(far.get(other.get(random.nextInt(other.size()))));
        for (Feature f : space.features()) {
            if (f instanceof Feature.Categorical) {
                p.put(f.name(), anchor.get(f.name()));
            }
        }
        return p.equals(anchor) ? null : p;
    }

    /** The design row of the boundary point between {@code from} (labelled {@code a}) and {@code to}. */
    private double[] bisect(Map<String, Object> from, Map<String, Object> to, int a,
                            java.util.function.ToIntFunction<Answer> classOf) {
        double lo = 0;
        double hi = 1;
        for (int s = 0; s < STEPS; s++) {
            double mid = (lo + hi) / 2;
            Integer c = ask(between(from, to, mid), classOf);
            if (c == null) {
                return null;
            }
            if (c == a) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return design.row(space.encode(between(from, to, (lo + hi) / 2)));
    }

    /** The row at {@code t} of the way from {@code from} to {@code to}, moving in the encoded space. */
    private Map<String, Object> between(Map<String, Object> from, Map<String, Object> to, double t) {
        Map<String, Object> r = new LinkedHashMap<>(from);
        for (Feature f : space.features()) {
            if (f instanceof Feature.Numeric n) {
                double x = n.encode(((Number) from.get(n.name())).doubleValue());
                double y = n.encode(((Number) to.get(n.name())).doubleValue());
                r.put(n.name(), InputSpace.decode(n, x + t * (y - x)));
            }
        }
        return r;
    }

    private Model fit() {
        int cols = design.columns();
        // columns no boundary point exercises (a category whose rows never crossed along a numeric line) would add
        // exact zeros to the spectrum: solve on the others, then push such a category to the label its rows had
        boolean[] active = new boolean[cols];
        for (double[] z : boundary) {
            for (int j = 0; j < cols; j++) {
                active[j] |= z[j] != 0;
            }
        }
        int[] idx = java.util.stream.IntStream.range(0, cols).filter(j -> active[j]).toArray();
        Array2DRowRealMatrix z = new Array2DRowRealMatrix(Math.max(idx.length, boundary.size()), idx.length);
        for (int i = 0; i < boundary.size(); i++) {
            for (int j = 0; j < idx.length; j++) {
                z.setEntry(i, j, boundary.get(i)[idx[j]]);
            }
        }
        // the null direction of Z: its last right singular vector (singular values come sorted, largest first);
        // zero rows pad Z to square so the compact SVD keeps the whole V
        double[] sub = new SingularValueDecomposition(z).getV().getColumn(idx.length - 1);
        double[] beta = new double[cols];
        for (int j = 0; j < idx.length; j++) {
            beta[idx[j]] = sub[j];
        }
        List<double[]> rows = known.stream().map(r -> design.row(space.encode(r))).toList();
        double agree = 0;
        double margin = 1e-12;
        for (int i = 0; i < rows.size(); i++) {
            double v = dot(beta, rows.get(i));
            agree += (v > 0) == (knownLabels.get(i) == 1) ? 1 : -1;
            margin = Math.max(margin, Math.abs(v));
        }
        double scale = (agree >= 0 ? 1 : -1) * SCALE / margin;
        for (int j = 0; j < beta.length; j++) {
            beta[j] *= scale;
        }
        for (int j = 0; j < cols; j++) {
            if (!active[j]) {
                int vote = 0;
                for (int i = 0; i < rows.size(); i++) {
                    if (rows.get(i)[j] != 0) {
                        vote += knownLabels.get(i) == 1 ? 1 : -1;
                    }
                }
                beta[j] = Integer.signum(vote) * 2 * SCALE;
            }
        }
        return design.model(new double[][] {beta});
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
