package org.mlgate.scan.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The Jackson set-up shared by the JSON documents mlgate writes: two-space indentation, "key": value,
 * one array element per line, {@code \n} line ends whatever the platform, a final newline.
 */
final class ReportJson {
    /**
     * mlgate's own formats: every property is written, nulls included (field names are stable), in snake_case as all
     * of mlgate's JSON (a record component {@code ruleId} is written {@code rule_id}).
     */
    static final ObjectMapper ALWAYS = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** SARIF: its standard camelCase names; absent and empty values are left out (its convention). */
    static final ObjectMapper NON_EMPTY = JsonMapper.builder()
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY,
                    JsonInclude.Include.NON_EMPTY))
            .build();

    private ReportJson() {
    }

    static String write(ObjectMapper mapper, Object document) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        try {
            return mapper.writer(printer).writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            // The documents are plain records of strings, numbers and lists: this is a bug, not bad input.
            throw new IllegalStateException("cannot serialize " + document.getClass().getSimpleName(), e);
        }
    }
}
