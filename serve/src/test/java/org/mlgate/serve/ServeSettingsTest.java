package org.mlgate.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.UsageException;
import org.mlgate.serve.policy.OutputPolicy;

/** Flags override serve.yaml, which overrides the defaults; the file's paths are relative to its folder. */
class ServeSettingsTest {
    @TempDir
    Path tmp;

    private ServeRequest request(Path config, List<String> models, String policy, Integer port) {
        return new ServeRequest(config, models, List.of(), null, List.of(), true, policy, null, null, null,
                List.of(), null, null, null, null, port, null, null);
    }

    private Path config() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(dir.resolve("keys.txt"), "# keys\nfile-key-0123456789abcdef\n");
        return Files.writeString(dir.resolve("serve.yaml"), """
                models:
                  - path: fraud-model
                    policy: round:2
                policy: topk:1
                limits: {rate: 5/s, budget: 100}
                api_key_file: keys.txt
                port: 9000
                """);
    }

    @Test
    void theFileFillsWhatTheFlagsLeaveOpenRelativeToItsFolder() throws IOException {
        Path yaml = config();
        ServeSettings s = ServeSettings.from(request(yaml, List.of(), null, null), Map.of("MLGATE_HOME",
                tmp.resolve("home").toString(), "MLGATE_API_KEY", "env-key-0123456789abcdef"));
        assertThat(s.models()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("fraud-model");
            assertThat(m.dir()).isEqualTo(yaml.getParent().resolve("fraud-model"));
            assertThat(m.policy()).isEqualTo(new OutputPolicy.Round(2));
        });
        assertThat(s.policy()).isEqualTo(new OutputPolicy.TopK(1));
        assertThat(s.limits().budget()).isEqualTo(100L);
        assertThat(s.apiKeys()).containsExactly("env-key-0123456789abcdef", "file-key-0123456789abcdef");
        assertThat(s.port()).isEqualTo(9000);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.stateDb().jdbcUrl()).contains(tmp.resolve("home").toString());
    }

    @Test
    void flagsOverrideTheFileAndReplaceItsModels() throws IOException {
        Path yaml = config();
        ServeSettings s = ServeSettings.from(request(yaml, List.of("fraud=" + tmp.resolve("other")), "label", 0),
                Map.of("MLGATE_HOME", tmp.toString()));
        assertThat(s.models()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("fraud");
            assertThat(m.policy()).isNull();
        });
        assertThat(s.policy()).isEqualTo(new OutputPolicy.LabelOnly());
        assertThat(s.port()).isZero();
    }

    @Test
    void contradictoryOrMissingTrustIsAUsageError() {
        ServeRequest both = new ServeRequest(null, List.of("m"), List.of(tmp.resolve("k.pem")), null, List.of(), true,
                null, null, null, null, List.of(), null, null, null, null, null, null, null);
        assertThatThrownBy(() -> ServeSettings.from(both, Map.of())).isInstanceOf(UsageException.class)
                .hasMessageContaining("exclude each other");
        ServeRequest none = new ServeRequest(null, List.of("m"), List.of(), null, List.of(), false, null, null, null,
                null, List.of(), null, null, null, null, null, null, null);
        assertThatThrownBy(() -> ServeSettings.from(none, Map.of())).isInstanceOf(UsageException.class)
                .hasMessageContaining("--public-key");
        assertThatThrownBy(() -> ServeSettings.from(request(null, List.of(), null, null), Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("no model to serve");
    }
}
