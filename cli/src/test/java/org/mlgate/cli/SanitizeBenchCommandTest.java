package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code mlgate bench sanitize} on a small grid: the JSON figures are there and consistent. */
class SanitizeBenchCommandTest {
    @Test
    void backdoorFiguresAsJson() throws Exception {
        Cli.Result r = Cli.run("bench", "sanitize", "--rows", "3000", "--test-rows", "2000", "--only", "backdoor",
                "--models", "lr", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode scenarios = new ObjectMapper().readTree(r.out());
        assertThat(scenarios).hasSize(8);
        for (JsonNode s : scenarios) {
            assertThat(s.get("poisoning").asText()).startsWith("backdoor");
            assertThat(s.get("removal")).hasSize(7); // six detectors and "combined"
            JsonNode combined = s.get("removal").get(6);
            assertThat(combined.get("detector").asText()).isEqualTo("combined");
            assertThat(combined.get("poison_removed").asDouble()).isBetween(0.0, 1.0);
            assertThat(s.at("/effects/0/measure").asText()).isEqualTo("backdoor success");
        }
        // the exact-value trigger at 10 % is removed completely by the combined defences
        assertThat(scenarios.get(3).get("removal").get(6).get("poison_removed").asDouble()).isEqualTo(1.0);
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(Cli.run("bench", "sanitize", "--rows", "10").code()).isEqualTo(2);
        assertThat(Cli.run("bench", "sanitize", "--only", "everything").code()).isEqualTo(2);
        assertThat(Cli.run("bench", "sanitize", "--models", "svm").code()).isEqualTo(2);
    }
}
