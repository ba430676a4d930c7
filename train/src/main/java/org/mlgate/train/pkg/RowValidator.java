package org.mlgate.train.pkg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Numbers;
import org.mlgate.train.data.Origin;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.Unseen;

/**
 * Strict encoding of one named row under a schema, for serving: every feature present exactly once, nothing else
 * (but the names in {@code ignored}), numbers finite and inside their declared bounds (never clipped), categories
 * listed (or the feature's {@code <other>} slot under {@code unseen: other}). Every failing field is reported, not
 * the first. Bounds whose origin is {@code data} are private: the error says "out of range" without them.
 * Immutable and thread-safe.
 */
final class RowValidator {
    private final Schema schema;
    private final Set<String> ignored;
    private final Map<String, Integer> featureIndex = new HashMap<>();
    private final Feature[] features;
    private final int[] offsets;
    private final List<Map<String, Integer>> slots = new ArrayList<>();
    private final int width;

    RowValidator(Schema schema, Set<String> ignored) {
        this.schema = schema;
        this.ignored = Set.copyOf(ignored);
        features = schema.features().toArray(Feature[]::new);
        offsets = new int[features.length];
        int offset = 0;
        for (int f = 0; f < offsets.length; f++) {
            Feature feature = features[f];
            featureIndex.put(feature.name(), f);
            offsets[f] = offset;
            offset += feature.width();
            Map<String, Integer> index = null;
            if (feature instanceof Feature.Categorical c) {
                index = new HashMap<>();
                for (int k = 0; k < c.categories().size(); k++) {
                    index.put(c.categories().get(k), k);
                }
            }
            slots.add(index);
        }
        width = offset;
    }

    int width() {
        return width;
    }

    /**
     * Encodes {@code row} into {@code out} at {@code base}; adds an error per failing field (row number {@code r})
     * and returns whether the row was valid. Values: numbers as {@link Number} or decimal text, categories as text.
     */
    boolean encode(Map<String, ?> row, int r, float[] out, int base, List<RowRejected.FieldError> errors) {
        int before = errors.size();
        if (row == null) {
            errors.add(new RowRejected.FieldError(r, "(row)", "not an object"));
            return false;
        }
        int matched = 0; // a map's keys are distinct, so counting matches finds missing features without a set
        for (Map.Entry<String, ?> e : row.entrySet()) {
            String name = e.getKey();
            Integer f = featureIndex.get(name);
            if (f == null) {
                if (!ignored.contains(name)) {
                    errors.add(new RowRejected.FieldError(r, name, "unknown field (not a feature of the model)"));
                }
                continue;
            }
            matched++;
            String problem = encodeValue(features[f], slots.get(f), e.getValue(), out, base + offsets[f]);
            if (problem != null) {
                errors.add(new RowRejected.FieldError(r, name, problem));
            }
        }
        if (matched < features.length) {
            for (Feature feature : features) {
                if (!row.containsKey(feature.name())) {
                    errors.add(new RowRejected.FieldError(r, feature.name(), "missing"));
                }
            }
        }
        return errors.size() == before;
    }

    /** Writes the encoded value; returns null, or what is wrong with it. */
    private static String encodeValue(Feature feature, Map<String, Integer> slot, Object value, float[] out, int at) {
        if (value == null) {
            return "null";
        }
        return switch (feature) {
            case Feature.Numeric n -> {
                double v;
                if (value instanceof Number num && !(value instanceof Boolean)) {
                    v = num.doubleValue();
                } else if (value instanceof String s) {
                    Double d = Numbers.parse(s);
                    if (d == null) {
                        yield "not a number: " + quote(s);
                    }
                    v = d;
                } else {
                    yield "expected a number, got " + kind(value);
                }
                if (!Double.isFinite(v)) {
                    yield "not a finite number";
                }
                if (v < n.min() || v > n.max()) {
                    yield n.origin() == Origin.DATA ? "out of range"
                            : "out of range [" + plain(n.min()) + ", " + plain(n.max()) + "]: " + plain(v);
                }
                out[at] = (float) n.encode(v);
                yield null;
            }
            case Feature.Categorical c -> {
                if (!(value instanceof String s)) {
                    yield "expected a category (a string), got " + kind(value);
                }
                Integer k = slot.get(s);
                if (k == null) {
                    if (c.unseen() == Unseen.REFUSE) {
                        yield "unknown category " + quote(s);
                    }
                    k = c.categories().size();
                }
                for (int i = 0; i < c.width(); i++) {
                    out[at + i] = 0f;
                }
                out[at + k] = 1f;
                yield null;
            }
        };
    }

    private static String kind(Object v) {
        return v instanceof Boolean ? "a boolean" : v instanceof Number ? "a number" : v instanceof String ? "a string"
                : v instanceof Map ? "an object" : v instanceof List ? "an array" : "a " + v.getClass().getSimpleName();
    }

    private static String quote(String s) {
        String p = RowRejected.printable(s);
        return p.length() <= 40 ? "'" + p + "'" : "'" + p.substring(0, 40) + "…'";
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
