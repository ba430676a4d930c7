package org.mlgate.attack.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.core.IncompleteException;

/** A served model's answers are checked before any attack uses them: the server is what is under test. */
class HttpOracleParseTest {
    static final URI URL = URI.create("http://127.0.0.1:1/v1/models/fraud:predict");
    static final List<String> CLASSES = List.of("0", "1");

    static List<Answer> parse(String body, int expected) {
        return HttpOracle.parse(URL, CLASSES, body.getBytes(StandardCharsets.UTF_8), expected);
    }

    @Test
    void fullTopKAndLabelOnlyAnswersAreRead() {
        List<Answer> a = parse("""
                {"predictions": [{"label": "1", "probabilities": {"0": 0.25, "1": 0.75}},
                                 {"label": "0", "probabilities": {"0": 0.9}}, {"label": "0", "bin": "low"}]}""", 3);
        assertThat(a.get(0).probabilities()).containsExactly(0.25, 0.75);
        assertThat(a.get(1).probabilities()).isNull();
        assertThat(a.get(1).scoresShown()).isEqualTo(1);
        assertThat(a.get(2).bin()).isEqualTo("low");
    }

    @Test
    void labelsOutsideTheClassesAndProbabilitiesOutsideZeroOneAreRefused() {
        assertThatThrownBy(() -> parse("{\"predictions\": [{\"label\": \"2\"}]}", 1))
                .isInstanceOf(IncompleteException.class)
                .hasMessage(URL + ": prediction 0 has the label '2', not one of the model's classes [0, 1]");
        for (String p : new String[] {"1e999", "1.5", "-0.1"}) {
            assertThatThrownBy(() -> parse("{\"predictions\": [{\"label\": \"1\", \"probabilities\": {\"0\": 0.5, "
                    + "\"1\": " + p + "}}]}", 1))
                    .isInstanceOf(IncompleteException.class)
                    .hasMessageStartingWith(URL + ": prediction 0 gives class '1' the probability ");
        }
    }

    @Test
    void malformedAnswersAreRefusedNotThrown() {
        for (String body : new String[] {"", "null", "[]", "{\"predictions\": [3]}", "{\"predictions\": {}}", "{"}) {
            assertThatThrownBy(() -> parse(body, 1)).isInstanceOf(IncompleteException.class);
        }
    }
}
