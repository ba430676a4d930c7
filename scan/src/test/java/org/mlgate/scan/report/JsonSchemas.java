package org.mlgate.scan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.mlgate.core.Digest;

/**
 * JSON Schema validation of report output, for tests (also used by the CLI module's tests through the
 * test-jar).
 *
 * <p>The SARIF schema is the official OASIS {@code sarif-schema-2.1.0.json} (SARIF 2.1.0 OASIS Standard),
 * taken unmodified from the test dependency {@code io.github.detekt.sarif4j:sarif4j:1.0.0}, which ships it
 * as the resource {@code json/sarif-schema-2.1.0.json}; nothing in this repository copies it. Formats
 * ({@code uri}, {@code uri-reference}, {@code date-time}) are asserted, not just annotated.
 */
public final class JsonSchemas {
    public static final String OFFICIAL_SARIF_SCHEMA_RESOURCE = "/json/sarif-schema-2.1.0.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final JsonSchema SARIF = load(SpecVersion.VersionFlag.V7, OFFICIAL_SARIF_SCHEMA_RESOURCE);
    private static final JsonSchema SCAN_REPORT = load(SpecVersion.VersionFlag.V202012, JsonReport.SCHEMA_RESOURCE);

    private JsonSchemas() {
    }

    /** Violations of the official SARIF 2.1.0 schema, as readable strings; empty when valid. */
    public static List<String> sarifViolations(String json) {
        return validate(SARIF, json);
    }

    /** Violations of mlgate's own scan report schema; empty when valid. */
    public static List<String> scanReportViolations(String json) {
        return validate(SCAN_REPORT, json);
    }

    /** The official SARIF schema as a tree, e.g. to check which schema it is. */
    public static JsonNode officialSarifSchema() {
        try (InputStream in = open(OFFICIAL_SARIF_SCHEMA_RESOURCE)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of the official SARIF schema resource, to pin exactly which file the tests use. */
    public static String officialSarifSchemaSha256() {
        try (InputStream in = open(OFFICIAL_SARIF_SCHEMA_RESOURCE)) {
            return Digest.sha256(in.readAllBytes()).hex();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> validate(JsonSchema schema, String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return schema.validate(node).stream().map(ValidationMessage::toString).sorted().toList();
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    private static JsonSchema load(SpecVersion.VersionFlag version, String resource) {
        try (InputStream in = open(resource)) {
            return JsonSchemaFactory.getInstance(version).getSchema(in, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = JsonSchemas.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("schema resource missing from the test class path: " + resource);
        }
        return in;
    }
}
