package org.mlgate.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.mlgate.attack.extraction.Extraction;
import org.mlgate.attack.extraction.ExtractionOptions;
import org.mlgate.attack.extraction.ExtractionResult;
import org.mlgate.attack.oracle.InputSpace;
import org.mlgate.attack.oracle.LocalOracle;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.train.data.BuiltinSchemas;
import org.mlgate.train.data.Schema;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Model;
import org.mlgate.train.pkg.Predictor;

/**
 * Lowd–Meek line search against adaptive retraining, both from labels alone at the same budget, on a logistic
 * regression over the fraud schema (seeded Gaussian weights, the intercept set so that uniform rows split about
 * evenly: line search needs rows of both labels whose categories allow a numeric path across the boundary; on a
 * target labelling 93 % of uniform rows alike, the seed-11 package of the other tests, it found 12 boundary points in
 * 487 queries, too few for the 24 coefficients, and returns no model rather than a guess). Fixed seeds: each
 * assertion is deterministic (false-failure rate 0 at these seeds). Measured at seed 1: line search 0.9825 after 340
 * queries, 0.996 after 988; adaptive retraining 0.953 after 400, 0.995 after 1,000.
 */
class LineSearchTest {
    static final Schema SCHEMA = BuiltinSchemas.fraud();
    static final InputSpace SPACE = new InputSpace(SCHEMA.features(), SCHEMA.label().name(), SCHEMA.label().classes());

    static Model balanced(long seed) {
        int d = SCHEMA.width();
        Model m = LogisticRegression.create(d, 2);
        var random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        float[] p = m.parameters();
        for (int i = 0; i < d; i++) {
            p[i] = (float) (random.nextGaussian() * 2);
        }
        // the intercept at minus the mean logit of uniform rows: about half of them on each side
        var rows = SPACE.uniform(random, 2000);
        float[] x = SPACE.encodeAll(rows);
        double mean = 0;
        for (int r = 0; r < rows.size(); r++) {
            for (int j = 0; j < d; j++) {
                mean += p[j] * x[r * d + j];
            }
        }
        p[d] = (float) (-mean / rows.size());
        m.parametersChanged();
        return m;
    }

    static ExtractionResult extract(ExtractionOptions.Method method, long budget, long seed) {
        LocalOracle o = new LocalOracle(Predictor.of(balanced(5), SCHEMA), "lr", true);
        Target t = new Target(o, SPACE, "label", null);
        ExtractionResult r = Extraction.run(t, new ExtractionOptions(method, List.of(), 2000, 5, seed),
                new Queries(o, budget, q -> { })).result();
        System.err.println(method + ": queries " + r.queries() + ", fidelity " + r.fidelity() + ", curve " + r.curve());
        return r;
    }

    @Test
    void lineSearchCopiesALabelOnlyLogisticRegression() {
        ExtractionResult line = extract(ExtractionOptions.Method.LINE_SEARCH, 1000, 1);
        ExtractionResult retrain = extract(ExtractionOptions.Method.SURROGATE, 1000, 1);
        assertThat(line.method()).isEqualTo("line-search");
        assertThat(line.queries()).isLessThanOrEqualTo(1000);
        assertThat(line.curve()).isNotEmpty();
        assertThat(line.fidelity()).isGreaterThanOrEqualTo(0.95);
        assertThat(retrain.fidelity()).isGreaterThanOrEqualTo(0.95);
        // as good as retraining at the same budget, within one point
        assertThat(line.fidelity()).isGreaterThanOrEqualTo(retrain.fidelity() - 0.01);
    }
}
