package org.mlgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final ConfigLoader LOADER = new ConfigLoader(ConfigLimits.DEFAULT,
            Map.of("API_TOKEN", "s3cr$t\\1")::get);

    private static Demo parse(String yaml) {
        return LOADER.parse(yaml.getBytes(StandardCharsets.UTF_8), "t.yml", Demo.class);
    }

    @Test
    void bindsNestedRecordsVariantsListsMapsAndOptionals() {
        Demo d = parse("""
                name: demo
                quotas: {a: 1, b: 2}
                rails:
                  input:
                    flows:
                      - type: regex
                        name: sudo
                        patterns: ["sudo\\\\s+rm", 'ignore (all|previous)']
                        action: redact
                        threshold: 1
                      - type: token_limit
                        name: size
                        max_tokens: 0x10
                        window: -3
                """);
        assertThat(d.name()).contains("demo");
        assertThat(d.apiKey()).isEmpty();
        assertThat(d.enabled()).isEmpty();
        assertThat(d.quotas()).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
        assertThat(d.rails().output()).isEmpty();
        assertThat(d.rails().input().flows()).containsExactly(
                new Demo.Regex("sudo", List.of("sudo\\s+rm", "ignore (all|previous)"), Demo.Action.REDACT,
                        Optional.of(1.0)),
                new Demo.TokenLimit("size", 16, -3));
    }

    @Test
    void expandsEnvironmentOnlyInSecretFieldsAndKeepsEscapesLiteral() {
        Demo d = parse("""
                api_key: "Bearer ${API_TOKEN} $${HOME}"
                name: "costs $${PRICE} and $5"
                rails: {input: {flows: []}}
                """);
        assertThat(d.apiKey()).contains("Bearer s3cr$t\\1 ${HOME}");
        assertThat(d.name()).contains("costs ${PRICE} and $5");
    }

    @Test
    void yaml11FormsAreStringsAndOnlyTrueFalseAreBooleans() {
        Demo d = parse("""
                name: 1_000
                enabled: True
                rails: {input: {flows: [{type: regex, name: on, patterns: [yes, no, "off", 0b11, '12'],
                  action: flag}]}}
                """);
        assertThat(d.name()).contains("1_000");
        assertThat(d.enabled()).contains(true);
        Demo.Regex r = (Demo.Regex) d.rails().input().flows().getFirst();
        assertThat(r.name()).isEqualTo("on");
        assertThat(r.patterns()).containsExactly("yes", "no", "off", "0b11", "12");
    }

    @Test
    void explicitNullForOptionalIsEmptyAndForListIsAnError() {
        assertThat(parse("name: ~\nrails: {input: {flows: []}}\n").name()).isEmpty();
        assertThat(parse("name:\nrails: {input: {flows: []}}\n").name()).isEmpty();
        assertThat(parse("name: ''\nrails: {input: {flows: []}}\n").name()).contains("");
        assertThatThrownBy(() -> parse("rails: {input: {flows: }}\n"))
                .hasMessage("t.yml:1:23: rails.input.flows: expected a list, got nothing (null)");
    }

    @Test
    void emptyFileIsAnEmptyMappingSoRequiredKeysAreReported() {
        assertThatThrownBy(() -> parse("# nothing\n")).hasMessage("t.yml:1:1: rails: missing required key");
    }

    @Test
    void refusesInvalidUtf8AndOversizedFilesBeforeParsing() {
        byte[] bad = {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28};
        assertThatThrownBy(() -> LOADER.parse(bad, "t.yml", Demo.class)).hasMessage("t.yml: not valid UTF-8");
        ConfigLoader small = new ConfigLoader(new ConfigLimits(16, 8, 100, 100), k -> null);
        assertThatThrownBy(() -> small.parse(new byte[17], "t.yml", Demo.class))
                .hasMessage("t.yml: file is 17 bytes, more than the 16 allowed for a configuration file");
    }

    @Test
    void capsNodeCountAndScalarLength() {
        ConfigLoader small = new ConfigLoader(new ConfigLimits(1 << 20, 8, 10, 100), k -> null);
        assertThatThrownBy(() -> small.parse("quotas: {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}"
                .getBytes(StandardCharsets.UTF_8), "t.yml", Demo.class))
                .hasMessageStartingWith("t.yml:1:").hasMessageEndingWith("more than 10 values");
        assertThatThrownBy(() -> small.parse(("name: " + "x".repeat(101)).getBytes(StandardCharsets.UTF_8),
                "t.yml", Demo.class)).isInstanceOf(ConfigException.class).hasMessageContaining("t.yml:1:");
    }

    @Test
    void loadsFromDiskAndNamesMissingFiles(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("config.yml");
        Files.writeString(f, "rails: {input: {flows: []}}\n");
        assertThat(ConfigLoader.standard().load(f, Demo.class).rails().input().flows()).isEmpty();
        Path missing = dir.resolve("nope.yml");
        assertThatThrownBy(() -> ConfigLoader.standard().load(missing, Demo.class))
                .hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> ConfigLoader.standard().load(dir, Demo.class))
                .hasMessage(dir + ": not a regular file");
    }
}
