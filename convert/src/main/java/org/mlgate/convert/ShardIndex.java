package org.mlgate.convert;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Hugging Face sharded-checkpoint index ({@code pytorch_model.bin.index.json}, {@code model.safetensors.index.json}):
 * {@code weight_map} from tensor name to shard file, and free-form {@code metadata}. Parsing is strict (no duplicate
 * keys, no unknown top-level fields, no trailing tokens, nesting and size bounded) and every shard must be a plain
 * file name in the index's directory.
 */
public record ShardIndex(@JsonProperty("metadata") Map<String, Object> metadata,
                         @JsonProperty("weight_map") Map<String, String> weightMap) {
    /** Largest index read. */
    public static final long MAX_BYTES = 64L << 20;
    private static final Pattern SHARD_NAME = Pattern.compile("[^/\\\\]+");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    public static ShardIndex read(Path index) throws IOException, ConversionRefused {
        if (Files.size(index) > MAX_BYTES) {
            throw ConversionRefused.budget(-1, index + " is larger than " + MAX_BYTES + " bytes");
        }
        return parse(Files.readAllBytes(index), index.toString());
    }

    /** Parses and checks an index; {@code name} is used in messages. */
    public static ShardIndex parse(byte[] json, String name) throws ConversionRefused {
        ShardIndex idx;
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw ConversionRefused.unsupported(0, name + " is not a checkpoint index: not a JSON object");
            }
            idx = JSON.treeToValue(tree, ShardIndex.class);
        } catch (JacksonException e) {
            throw ConversionRefused.unsupported(e.getLocation() == null ? -1 : e.getLocation().getCharOffset(),
                    name + " is not a checkpoint index: " + e.getOriginalMessage());
        } catch (IOException e) { // reading a byte array: only Jackson's own errors reach here
            throw ConversionRefused.unsupported(-1, name + " is not a checkpoint index: " + e.getMessage());
        }
        if (idx.weightMap() == null || idx.weightMap().isEmpty()) {
            throw ConversionRefused.unsupported(-1, name + " has no weight_map");
        }
        for (Map.Entry<String, String> e : idx.weightMap().entrySet()) {
            String shard = e.getValue();
            if (shard == null || !SHARD_NAME.matcher(shard).matches() || shard.equals(".") || shard.equals("..")) {
                throw ConversionRefused.unsupported(-1, name + ": tensor " + e.getKey() + " maps to '" + shard
                        + "', not a file name in the index's directory");
            }
        }
        return idx;
    }

    /** The index as JSON, keys sorted (Hugging Face's layout). */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
