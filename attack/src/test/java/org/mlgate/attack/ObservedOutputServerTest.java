package org.mlgate.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.attack.extraction.Extraction;
import org.mlgate.attack.extraction.ExtractionOptions;
import org.mlgate.attack.extraction.ExtractionResult;
import org.mlgate.attack.oracle.Answer;
import org.mlgate.attack.oracle.ObservedOutput;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.serve.keys.Limits;
import org.mlgate.train.data.BuiltinSchemas;
import org.mlgate.train.pkg.ModelPackage;
import org.mlgate.train.pkg.Packages;
import org.mlgate.train.pkg.Predictor;

/**
 * {@code observed_output} against a real server per output policy (the policies of the serve tests), both as the
 * server advertises it (GET /v1/models) and, for a target that advertises nothing, measured from the answers with
 * at most two counted probe queries (the row nudged by 1e-6 and 2e-6 of one number's range: the server keys its noise
 * to the input, so repeating the row alone would give the same answer). Everything is deterministic except the
 * server's noise key (drawn per state folder), so the noise cases have a false-failure rate, stated where they are
 * asserted (below 1e-4 each).
 */
class ObservedOutputServerTest {
    @TempDir
    Path tmp;

    record Case(String policy, String observed) { }

    static final List<Case> CASES = List.of(new Case("raw", "raw"), new Case("round:2", "rounded:2"),
            new Case("bins:low,0.3,medium,0.7,high", "bins"), new Case("label", "labels"),
            new Case("topk:1", "top-k:1"), new Case("noise:0.05", "noisy"), new Case("noise:0.01", "noisy"),
            new Case("reverse-sigmoid:0.5,2.0", "perturbed"));

    /**
     * A row the model scores between 0.2 and 0.8: noise of σ ≤ 0.05 there never clips to exactly 0 or 1, so the
     * nudged answers differ from the first by about σ (the chance that both stay within 1e-4 is below 1e-4 at σ 0.01).
     */
    static Map<String, Object> midRange(Path model, Target t) {
        Predictor p = ModelPackage.open(model).freeze();
        var random = java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(5);
        for (int i = 0; i < 100_000; i++) {
            Map<String, Object> row = t.space().uniform(random);
            double q = p.predict(row)[1];
            if (q > 0.2 && q < 0.8) {
                return row;
            }
        }
        throw new AssertionError("no mid-range row");
    }

    @Test
    void eachPolicyIsNamedFromItsAnswersOrItsAdvertisement() throws Exception {
        Path model = Packages.write(tmp.resolve("fraud"), BuiltinSchemas.fraud(), List.of(), 11);
        int n = 0;
        for (Case c : CASES) {
            try (LiveServer s = new LiveServer(model, c.policy(), Limits.NONE, tmp.resolve("s" + n++))) {
                Target advertised = Target.open(s.predictUrl(), LiveServer.KEY, null);
                assertThat(advertised.policy()).isEqualTo(c.policy());
                Target silent = new Target(advertised.oracle(), advertised.space(), null, null);
                Map<String, Object> row = midRange(model, advertised);
                Queries q = new Queries(advertised.oracle(), 10, x -> { });
                Answer first = q.ask(List.of(row)).getFirst();
                assertThat(ObservedOutput.probe(advertised, q, row, first)).as(c.policy()).isEqualTo(c.observed());
                assertThat(q.used()).as("advertised: no probe").isEqualTo(1);
                String measured = ObservedOutput.probe(silent, q, row, first);
                if (c.observed().equals("perturbed")) {
                    // a deterministic distortion of the scores is not noise; unadvertised, only its shape shows
                    // (here saturated scores of exactly 0 and 1, which look rounded)
                    assertThat(measured).as(c.policy() + " measured").isEqualTo(ObservedOutput.ofAnswers(
                            List.of(first)));
                    continue;
                }
                assertThat(measured).as(c.policy() + " measured").isEqualTo(c.observed());
                assertThat(q.used()).as("probes counted").isEqualTo(c.observed().equals("raw")
                        || c.observed().equals("noisy") || c.observed().startsWith("rounded") ? 3 : 1);
            }
        }
    }

    @Test
    void autoExtractionDoesNotSolveEquationsOnNoisyOrTopKAnswers() throws Exception {
        Path model = Packages.write(tmp.resolve("fraud"), BuiltinSchemas.fraud(), List.of(), 11);
        int n = 0;
        Map<String, Object> base = new java.util.LinkedHashMap<>();
        for (var f : BuiltinSchemas.fraud().features()) {
            base.put(f.name(), f instanceof org.mlgate.train.data.Feature.Numeric num
                    ? org.mlgate.attack.oracle.InputSpace.decode(num, 0.5)
                    : ((org.mlgate.train.data.Feature.Categorical) f).categories().getFirst());
        }
        // the first query is the base row, which this model scores 0.977: noise of σ 0.01 clips it to exactly 0 and 1
        // with chance about 1e-4, and leaves both nudged answers within 1e-4 of it with chance about 3e-5
        assertThat(ModelPackage.open(model).freeze().predict(base)[1]).isBetween(0.95, 0.99);
        for (String policy : List.of("noise:0.01", "topk:1")) {
            try (LiveServer s = new LiveServer(model, policy, Limits.NONE, tmp.resolve("e" + n++))) {
                for (boolean advertise : List.of(true, false)) {
                    Target t = Target.open(s.predictUrl(), LiveServer.KEY, null);
                    if (!advertise) {
                        t = new Target(t.oracle(), t.space(), null, null);
                    }
                    ExtractionResult r = Extraction.run(t, new ExtractionOptions(ExtractionOptions.Method.AUTO,
                            List.of(), 1000, 3, 7), new Queries(t.oracle(), 300, x -> { })).result();
                    System.err.println("extraction " + policy + (advertise ? "" : " (not advertised)") + ": "
                            + r.observedOutput() + ", " + r.method() + ", fidelity " + r.fidelity());
                    assertThat(r.observedOutput()).isEqualTo(policy.startsWith("noise") ? "noisy" : "top-k:1");
                    assertThat(r.method()).isEqualTo("surrogate");
                    assertThat(r.queries()).isEqualTo(300);
                    assertThat(r.fidelity()).isGreaterThan(0.9);
                }
            }
        }
    }
}
