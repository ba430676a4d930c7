package org.mlgate.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.attack.inversion.Inversion;
import org.mlgate.attack.inversion.InversionResult;
import org.mlgate.attack.oracle.AttackerData;
import org.mlgate.attack.oracle.InputSpace;
import org.mlgate.attack.oracle.LocalOracle;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.BuiltinSchemas;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.FraudConfig;
import org.mlgate.train.data.FraudGenerator;
import org.mlgate.train.data.Schema;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Model;
import org.mlgate.train.pkg.Predictor;

/**
 * Attribute inference (score matching against a prior) on fraud records: a logistic regression with seeded Gaussian
 * weights over the fraud schema, known records and the attacker's prior drawn from two different generated files.
 * The answers must add a large advantage when the model uses the hidden feature and shows scores, much less on
 * labels alone, and none when the model ignores the feature (then every candidate gets the same answer and the
 * posterior is the prior: the advantage is exactly 0 by construction, whatever the seed). Fixed seeds make each
 * assertion deterministic (false-failure rate 0 at these seeds). A sweep over 20 other models (weight seeds 101-120,
 * attack seeds 1-20; a temporary test, not committed) gave: merchant_category advantage 0.645-0.795 (interval lower
 * end 0.585-0.735), label-only 0-0.17 and at most 0.24 times the score advantage, so those bounds held at all 20;
 * distance_from_home_km 0.218-0.934: on models whose logit is large the float scores saturate at 0 or 1 and hide
 * the distance, so the numeric bound (0.5, and the half-bin error) is a property of this model (seed 11: 0.919),
 * not of every model; the numeric bound asserted across models would have to be 0.2.
 */
class InversionTest {
    static final Schema SCHEMA = BuiltinSchemas.fraud();
    @TempDir
    Path tmp;
    AttackerData known;
    AttackerData prior;
    InputSpace space;

    @BeforeEach
    void data() {
        space = new InputSpace(SCHEMA.features(), SCHEMA.label().name(), SCHEMA.label().classes());
        Path k = tmp.resolve("known.csv");
        Path p = tmp.resolve("prior.csv");
        FraudGenerator.write(new FraudConfig(2000, 21), DataFormat.CSV, k);
        FraudGenerator.write(new FraudConfig(5000, 22), DataFormat.CSV, p);
        known = AttackerData.read(k, space, "--data");
        prior = AttackerData.read(p, space, "--attacker-data");
    }

    /** A logistic regression with seeded Gaussian weights; those of {@code ignored} set to zero. */
    static Model model(long seed, String ignored) {
        int d = SCHEMA.width();
        Model m = LogisticRegression.create(d, 2);
        var random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        float[] p = m.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextGaussian();
        }
        int at = 0;
        for (Feature f : SCHEMA.features()) {
            if (f.name().equals(ignored)) {
                for (int j = 0; j < f.width(); j++) {
                    p[at + j] = 0;
                }
            }
            at += f.width();
        }
        m.parametersChanged();
        return m;
    }

    InversionResult attack(Model m, boolean labelsOnly, String hidden, AttackerData priorRows, long seed) {
        LocalOracle o = new LocalOracle(Predictor.of(m, SCHEMA), "lr", labelsOnly);
        Target t = new Target(o, space, labelsOnly ? "label" : "raw", null);
        InversionResult r = Inversion.run(t, known, hidden, priorRows, 200, 32, new Queries(o, 20_000, q -> { }),
                seed);
        System.err.println("inversion " + hidden + (labelsOnly ? " labels" : " scores") + ": " + r);
        return r;
    }

    @Test
    void scoresRevealTheMerchantCategory() {
        InversionResult r = attack(model(11, null), false, "merchant_category", prior, 1);
        assertThat(r.method()).isEqualTo("score-matching");
        assertThat(r.records()).isEqualTo(200);
        assertThat(r.queriesPerRecord()).isEqualTo(14);
        assertThat(r.queries()).isEqualTo(200 * 14);
        assertThat(r.advantage()).isGreaterThan(0.5);
        assertThat(r.advantageCi().getFirst()).isGreaterThan(0.3);
        assertThat(r.accuracy()).isGreaterThan(0.9);
    }

    @Test
    void scoresRevealTheDistanceFromHome() {
        InversionResult r = attack(model(11, null), false, "distance_from_home_km", prior, 2);
        assertThat(r.hiddenType()).isEqualTo("numeric");
        assertThat(r.queriesPerRecord()).isEqualTo(33);
        // the grid's half-bin (1/64 encoded) bounds the error of an exact score match
        assertThat(r.reconstructionError()).isLessThanOrEqualTo(1.0 / 64 + 1e-9);
        assertThat(r.advantage()).isGreaterThan(0.5);
    }

    @Test
    void labelsAloneRevealMuchLess() {
        InversionResult scores = attack(model(11, null), false, "merchant_category", prior, 3);
        InversionResult labels = attack(model(11, null), true, "merchant_category", prior, 3);
        assertThat(labels.method()).isEqualTo("label-matching");
        assertThat(labels.advantage()).isLessThan(scores.advantage() / 2);
    }

    @Test
    void aModelThatIgnoresTheFeatureRevealsNothing() {
        for (String hidden : List.of("merchant_category", "distance_from_home_km")) {
            InversionResult r = attack(model(11, hidden), false, hidden, prior, 4);
            assertThat(r.advantage()).isEqualTo(0.0);
            assertThat(r.reconstructionError()).isEqualTo(r.baselineError());
        }
    }

    @Test
    void withoutAPriorTheBaselineIsUniformAndTheAnswersStillHelp() {
        InversionResult r = attack(model(11, null), false, "merchant_category", null, 5);
        assertThat(r.prior()).isEqualTo("uniform");
        assertThat(r.baselineAccuracy()).isLessThan(0.35);
        assertThat(r.advantage()).isGreaterThan(0.5);
    }

    @Test
    void anUnknownHiddenFeatureOrATooSmallBudgetIsAUsageError() {
        LocalOracle o = new LocalOracle(Predictor.of(model(11, null), SCHEMA), "lr", false);
        Target t = new Target(o, space, "raw", null);
        assertThatThrownBy(() -> Inversion.run(t, known, "customer_age", null, 10, 32, new Queries(o, 100, q -> { }),
                1)).isInstanceOf(UsageException.class).hasMessageContaining("not a feature");
        assertThatThrownBy(() -> Inversion.run(t, known, "merchant_category", null, 10, 32,
                new Queries(o, 13, q -> { }), 1)).isInstanceOf(UsageException.class)
                .hasMessageContaining("14 queries per record");
    }
}
