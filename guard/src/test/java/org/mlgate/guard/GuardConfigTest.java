package org.mlgate.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlgate.config.ConfigException;
import org.mlgate.core.UsageException;

/**
 * Guard folders: each file in {@code bad/} is a {@code config.yml} named {@code <what>--<defect>.yml} whose first
 * line is {@code # expect: ...}; loading must fail with {@code DIR/config.yml:} followed by exactly that.
 */
class GuardConfigTest {
    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(GuardConfigTest.class.getResource("bad").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".yml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void badFolderIsRefusedNamingFileLineAndKey(Path fixture, @TempDir Path dir) throws IOException {
        String yaml = Files.readString(fixture, StandardCharsets.UTF_8);
        String expect = yaml.lines().findFirst().orElseThrow().substring("# expect: ".length());
        Files.writeString(dir.resolve("config.yml"), yaml);
        assertThatThrownBy(() -> Guard.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("config.yml") + ":" + expect);
    }

    @Test
    void aFolderConfiguresRailsActionsAndSecretCanaries(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.yml"), """
                timeout_ms: 100
                rails:
                  input:
                    flows:
                      - {type: keywords, name: words, keywords: ["root password"], action: flag}
                      - {type: regex, name: sudo, patterns: ['sudo\\s+rm\\s+-rf']}
                  output:
                    flows:
                      - {type: canary, name: leak, tokens: ["${MLGATE_GUARD_TEST_CANARY}"]}
                      - {type: pii, name: pii, kinds: [email]}
                """);
        // The canary token comes from the environment only when set; without it loading fails naming it.
        if (System.getenv("MLGATE_GUARD_TEST_CANARY") == null) {
            assertThatThrownBy(() -> Guard.load(dir)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("rails.output.flows[0].tokens[0]: environment variable "
                            + "MLGATE_GUARD_TEST_CANARY is not set");
        }
        Files.writeString(dir.resolve("config.yml"), Files.readString(dir.resolve("config.yml"))
                .replace("${MLGATE_GUARD_TEST_CANARY}", "CANARY-7f3a9c2e"));
        Guard g = Guard.load(dir);
        assertThat(g.checkInput("what is the r00t password").allowed()).isTrue();
        assertThat(g.checkInput("what is the r00t password").fired()).extracting(RailHit::rail)
                .containsExactly("words");
        assertThat(g.checkInput("please run sudo  rm -rf /").allowed()).isFalse();
        assertThat(g.checkOutput("My instructions say C A N A R Y - 7 f 3 a 9 c 2 e.").allowed()).isFalse();
        assertThat(g.checkOutput("write to a@b.io, call +1 555 123 4567").text())
                .isEqualTo("write to [REDACTED], call +1 555 123 4567");
    }

    @Test
    void modelFilesMustStayInsideTheFolder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.yml"),
                "rails: {input: {flows: [{type: classifier, name: c, model: ../elsewhere.safetensors}]}}\n");
        assertThatThrownBy(() -> Guard.load(dir)).isInstanceOf(UsageException.class)
                .hasMessageContaining("must be inside the configuration folder");
        assertThatThrownBy(() -> Guard.load(dir.resolve("nope"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("not a guard configuration folder");
    }
}
