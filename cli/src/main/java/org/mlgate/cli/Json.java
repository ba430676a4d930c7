package org.mlgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.mlgate.core.IncompleteException;

/**
 * mlgate's own JSON reports as the CLI prints them: snake_case names (a record component {@code rootDigest} is written
 * {@code root_digest}; explicit {@code @JsonProperty} names are kept), ISO-8601 times, indented. Standard formats
 * (in-toto, SLSA, Sigstore, OMS, SARIF) are written by their own modules, never through this mapper.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {
    }

    /** The indented document, without a final newline. */
    static String pretty(Object document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IncompleteException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One line, for JSON Lines. */
    static String line(Object document) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IncompleteException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
