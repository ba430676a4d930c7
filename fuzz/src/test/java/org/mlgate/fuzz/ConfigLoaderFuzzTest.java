package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlgate.config.ConfigException;
import org.mlgate.config.ConfigLimits;
import org.mlgate.config.ConfigLoader;
import org.mlgate.config.Secret;
import org.mlgate.config.Variant;
import org.mlgate.config.Variants;

/**
 * Any bytes as a configuration file: only {@link ConfigException} escapes, its message starts with the file name
 * and a position, and loading is deterministic. Small limits so no input can cost much.
 */
class ConfigLoaderFuzzTest {
    private static final ConfigLoader LOADER = new ConfigLoader(new ConfigLimits(1 << 14, 16, 2000, 4096),
            Map.of("TOKEN", "t0k3n")::get);

    enum Action { BLOCK, REDACT, FLAG }

    @Variants
    sealed interface Rail permits Regex, Limit {
    }

    @Variant("regex")
    record Regex(String name, List<String> patterns, Action action, Optional<Double> threshold) implements Rail {
    }

    @Variant("limit")
    record Limit(String name, int maxTokens, Optional<Long> window, Optional<Boolean> strict) implements Rail {
    }

    record Flows(List<Rail> flows) {
    }

    record Root(Map<String, Flows> rails, Optional<String> name, @Secret Optional<String> apiKey,
                Optional<List<List<Integer>>> grid) {
    }

    @FuzzTest(maxDuration = "2m")
    void yaml(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        Root first;
        try {
            first = LOADER.parse(data, "fuzz.yml", Root.class);
        } catch (ConfigException e) {
            if (!e.getMessage().startsWith("fuzz.yml")) {
                throw new AssertionError("error does not name the file: " + e.getMessage());
            }
            return;
        }
        Root again = LOADER.parse(data, "fuzz.yml", Root.class);
        if (!again.equals(first)) {
            throw new AssertionError("not deterministic: " + first + " vs " + again);
        }
    }
}
