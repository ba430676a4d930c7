package org.mlgate.train.data;

import org.mlgate.core.AtomicFiles;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mlgate.core.UsageException;

/**
 * Schema files: strict Jackson reading into {@link Schema} (unknown fields, duplicate keys, trailing tokens
 * refused; at most 4 MiB, nesting 8), and atomic, deterministic writing (indented, fixed field order,
 * trailing newline). An invalid schema file is a usage error (exit 2) naming the file and what is wrong.
 */
public final class SchemaFiles {
    static final int MAX_BYTES = 4 << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8)
                .maxStringLength(1 << 16).maxNumberLength(400).build());
    }

    private SchemaFiles() {
    }

    public static Schema read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new UsageException("schema " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in.readAllBytes(), file.toString());
            }
        } catch (IOException e) {
            throw new UsageException("cannot read schema " + file + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
    }

    /** A built-in schema shipped as a class-path resource next to this class. */
    public static Schema resource(String name) {
        try (InputStream in = SchemaFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no built-in schema " + name);
            }
            return parse(in.readAllBytes(), name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in schema " + name, e);
        }
    }

    public static Schema parse(byte[] json, String source) {
        if (json.length > MAX_BYTES) {
            throw new UsageException("schema " + source + " is larger than " + MAX_BYTES + " bytes");
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(json);
            if (tree != null && tree.has("privacyUnit") && tree.has("privacy_unit")) {
                throw new UsageException("schema " + source + " is not valid: it gives both privacyUnit and "
                        + "privacy_unit (two spellings of one field); keep one");
            }
            Schema s = MAPPER.readValue(json, Schema.class);
            if (s == null) {
                throw new UsageException("schema " + source + " is empty (null)");
            }
            return s;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UsageException("schema " + source + " is not valid: " + cause.getMessage() + location(e), e);
        } catch (JacksonException e) {
            throw new UsageException("schema " + source + " is not valid: " + e.getOriginalMessage() + location(e), e);
        } catch (IOException e) {
            throw new UsageException("cannot read schema " + source + ": " + e.getMessage(), e);
        }
    }

    public static String toJson(Schema schema) {
        try {
            return MAPPER.writeValueAsString(schema) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialise a schema", e);
        }
    }

    /** Writes the schema atomically (temporary file in the same directory, forced, renamed over the target). */
    public static void write(Schema schema, Path file) {
        byte[] bytes = toJson(schema).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

}
