package org.mlgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlgate.core.FailureKind;

/**
 * Every file in {@code bad/} is named {@code <what>--<defect>.yml} and starts with {@code # expect: LINE:COL: ...};
 * loading it must fail with exactly {@code bad/NAME:} followed by that text, as a usage failure.
 */
class NegativeFixturesTest {
    private static final ConfigLoader LOADER = new ConfigLoader(ConfigLimits.DEFAULT, Map.of("USER", "alice")::get);

    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(NegativeFixturesTest.class.getResource("bad").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".yml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void refusedWithFileLineAndKey(Path fixture) throws IOException {
        byte[] bytes = Files.readAllBytes(fixture);
        String first = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertThat(first).startsWith("# expect: ");
        String name = "bad/" + fixture.getFileName();
        assertThatThrownBy(() -> LOADER.parse(bytes, name, Demo.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(name + ":" + first.substring("# expect: ".length()));
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.file()).isEqualTo(name);
                });
    }
}
