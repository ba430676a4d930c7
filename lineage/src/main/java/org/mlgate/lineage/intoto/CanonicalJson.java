package org.mlgate.lineage.intoto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the lineage module. Writing is canonical — object keys sorted at every level, no
 * whitespace, UTF-8 — so the same record always has the same bytes and digest. Reading is strict: duplicate keys,
 * trailing tokens and deep nesting are refused.
 */
public final class CanonicalJson {
    /** Deepest nesting accepted when reading a record. */
    public static final int MAX_DEPTH = 64;
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                .maxStringLength(16 << 20).build());
    }

    private CanonicalJson() {
    }

    /** Canonical bytes of a record or tree (trees are re-sorted too). */
    public static byte[] bytes(Object value) {
        try {
            Object v = value instanceof com.fasterxml.jackson.databind.JsonNode n ? MAPPER.treeToValue(n, Object.class)
                    : value;
            return MAPPER.writeValueAsBytes(MAPPER.readValue(MAPPER.writeValueAsBytes(v), Object.class));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
