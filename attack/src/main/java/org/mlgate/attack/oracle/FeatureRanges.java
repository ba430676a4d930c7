package org.mlgate.attack.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Origin;
import org.mlgate.train.data.Scale;

/**
 * {@code --features FILE}: public ranges the attacker supplies, either {@code {"NAME": [min, max], ...}} or
 * {@code {"features": [{"name", "type": "numeric"|"categorical", "min", "max", "categories"}], "label": NAME,
 * "classes": [...]}}. Read strictly (at most {@link #MAX_BYTES} bytes and {@link #MAX_FEATURES} features; unknown
 * keys, missing bounds, {@code min >= max} are errors naming the file and feature).
 */
public record FeatureRanges(Map<String, Feature> features, String label, List<String> classes) {
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_FEATURES = 10_000;
    private static final Set<String> ENTRY_KEYS = Set.of("name", "type", "min", "max", "categories");
    private static final Set<String> TOP_KEYS = Set.of("features", "label", "classes");

    public static FeatureRanges read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException("no such features file: " + file);
        } catch (IOException e) {
            throw new IncompleteException("cannot read features file " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new UsageException(file + ": features file larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new UsageException(file + ": not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UsageException(file + ": expected a JSON object");
        }
        return root.has("features") ? readList(file, root) : readMap(file, root);
    }

    private static FeatureRanges readMap(Path file, JsonNode root) {
        Map<String, Feature> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()) {
                throw new UsageException(file + ": feature '" + e.getKey() + "': expected [min, max]");
            }
            add(file, out, numeric(file, e.getKey(), v.get(0).asDouble(), v.get(1).asDouble()));
        }
        return new FeatureRanges(out, null, List.of());
    }

    private static FeatureRanges readList(Path file, JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP_KEYS.contains(k)) {
                throw new UsageException(file + ": unknown key '" + k + "' (allowed: " + TOP_KEYS + ")");
            }
        }
        JsonNode list = root.get("features");
        if (!list.isArray()) {
            throw new UsageException(file + ": 'features' must be a list");
        }
        Map<String, Feature> out = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode f : list) {
            String where = file + ": features[" + i++ + "]";
            if (!f.isObject() || !f.path("name").isTextual()) {
                throw new UsageException(where + ": expected an object with a 'name'");
            }
            for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!ENTRY_KEYS.contains(k)) {
                    throw new UsageException(where + ": unknown key '" + k + "' (allowed: " + ENTRY_KEYS + ")");
                }
            }
            String name = f.get("name").asText();
            String type = f.path("type").asText("numeric");
            switch (type) {
                case "numeric" -> {
                    if (!f.path("min").isNumber() || !f.path("max").isNumber()) {
                        throw new UsageException(where + " ('" + name + "'): a numeric feature needs min and max");
                    }
                    add(file, out, numeric(file, name, f.get("min").asDouble(), f.get("max").asDouble()));
                }
                case "categorical" -> {
                    List<String> cats = strings(where + " ('" + name + "'): categories", f.path("categories"));
                    try {
                        add(file, out, new Feature.Categorical(name, cats));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(where + ": " + e.getMessage());
                    }
                }
                default -> throw new UsageException(where + " ('" + name + "'): type must be numeric or categorical, "
                        + "got '" + type + "'");
            }
        }
        List<String> classes = root.has("classes") ? strings(file + ": classes", root.get("classes")) : List.of();
        String label = root.path("label").isTextual() ? root.get("label").asText() : null;
        return new FeatureRanges(out, label, classes);
    }

    private static List<String> strings(String where, JsonNode n) {
        if (!n.isArray() || n.isEmpty()) {
            throw new UsageException(where + " must be a non-empty list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode c : n) {
            if (!c.isTextual()) {
                throw new UsageException(where + " must be a list of strings");
            }
            out.add(c.asText());
        }
        return out;
    }

    private static Feature numeric(Path file, String name, double min, double max) {
        try {
            return new Feature.Numeric(name, min, max, Scale.LINEAR, Origin.DECLARED);
        } catch (IllegalArgumentException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
    }

    private static void add(Path file, Map<String, Feature> out, Feature f) {
        if (out.size() >= MAX_FEATURES) {
            throw new UsageException(file + ": more than " + MAX_FEATURES + " features");
        }
        if (out.put(f.name(), f) != null) {
            throw new UsageException(file + ": feature '" + f.name() + "' appears twice");
        }
    }
}
