package org.mlgate.serve.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.core.UsageException;

/** Each policy's output exactly, on known probabilities; spellings read back; bad spellings refused. */
class OutputPolicyTest {
    static final List<String> BINARY = List.of("legit", "fraud");
    static final double[] P = {0.123456789, 0.876543211};

    @Test
    void rawKeepsFullPrecisionAndProbabilityIsTheSecondClass() {
        Prediction p = new OutputPolicy.Raw().apply(P, BINARY, 0);
        assertThat(p.label()).isEqualTo("fraud");
        assertThat(p.probability()).isEqualTo(0.876543211);
        assertThat(p.probabilities()).containsExactly(java.util.Map.entry("legit", 0.123456789),
                java.util.Map.entry("fraud", 0.876543211));
        // the second class's probability even when the first is predicted
        assertThat(new OutputPolicy.Raw().apply(new double[] {0.9, 0.1}, BINARY, 0).probability()).isEqualTo(0.1);
    }

    @Test
    void roundKeepsKDecimals() {
        Prediction p = OutputPolicy.parse("round:2").apply(P, BINARY, 0);
        assertThat(p.probabilities().values()).containsExactly(0.12, 0.88);
        assertThat(p.probability()).isEqualTo(0.88);
    }

    @Test
    void labelAndBinsCarryNoNumber() {
        assertThat(OutputPolicy.parse("label").apply(P, BINARY, 0)).isEqualTo(Prediction.labelOnly("fraud"));
        Prediction b = OutputPolicy.parse("bins:low,0.3,medium,0.9,high").apply(P, BINARY, 0);
        assertThat(b).isEqualTo(new Prediction("fraud", null, null, "medium", null));
        assertThat(OutputPolicy.parse("bins:low,0.3,medium,0.9,high").apply(new double[] {0.05, 0.95}, BINARY, 0)
                .bin()).isEqualTo("high");
    }

    @Test
    void topKListsTheMostProbableFirst() {
        Prediction p = OutputPolicy.parse("topk:2").apply(new double[] {0.2, 0.5, 0.3}, List.of("a", "b", "c"), 0);
        assertThat(p.label()).isEqualTo("b");
        assertThat(p.probabilities()).containsExactly(java.util.Map.entry("b", 0.5), java.util.Map.entry("c", 0.3));
        assertThat(p.probability()).isNull();
    }

    @Test
    void reverseSigmoidKeepsTheLabelAndMovesTheScores() {
        Prediction p = OutputPolicy.parse("reverse-sigmoid:0.8,1").apply(P, BINARY, 0);
        assertThat(p.label()).isEqualTo("fraud");
        assertThat(p.probabilities().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(p.probability()).isNotEqualTo(0.876543211);
        // y - beta * (sigmoid(-gamma * logit(y)) - 1/2), renormalised: computed by hand for y = 0.876543211
        double y1 = 0.876543211 - 0.8 * (0.123456789 - 0.5);
        double y0 = 0.123456789 - 0.8 * (0.876543211 - 0.5);
        double expected = Math.min(1, y1) / (Math.min(1, y1) + Math.max(0, y0));
        assertThat(p.probability()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void noiseDependsOnlyOnTheSeed() {
        OutputPolicy n = OutputPolicy.parse("noise:0.05");
        assertThat(n.apply(P, BINARY, 42)).isEqualTo(n.apply(P, BINARY, 42));
        assertThat(n.apply(P, BINARY, 42).probability()).isNotEqualTo(n.apply(P, BINARY, 43).probability());
        assertThat(n.apply(P, BINARY, 42).label()).isEqualTo("fraud");
    }

    @Test
    void spellingsReadBackAndBadOnesAreUsageErrors() {
        for (String s : List.of("raw", "label", "round:3", "topk:1", "bins:low,0.3,medium,0.7,high",
                "reverse-sigmoid:0.5,2.0", "noise:0.01")) {
            assertThat(OutputPolicy.parse(OutputPolicy.parse(s).spelling())).isEqualTo(OutputPolicy.parse(s));
        }
        for (String bad : List.of("", "rounded", "round", "round:x", "round:99", "topk:0", "bins:low,0.7,mid,0.3,high",
                "bins:low,0.5", "reverse-sigmoid:2,1", "noise:0", "noise:nan", "label:1")) {
            assertThatThrownBy(() -> OutputPolicy.parse(bad)).as(bad).isInstanceOf(UsageException.class);
        }
    }
}
