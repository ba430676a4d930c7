package org.mlgate.scan.keras;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.mlgate.scan.engine.ScanAbort;

/**
 * A bounded JSON reader that keeps each value's byte offset (Jackson's tree model does not). Limits:
 * document size, nesting depth and string length through {@link StreamReadConstraints}, total values by
 * count. Built iteratively, so depth costs no Java stack. Duplicate keys are kept in order; lookups take
 * the last one, as Python's {@code json} does.
 */
final class JsonTree {
    static final int MAX_BYTES = 64 << 20;
    static final int MAX_DEPTH = 256;
    static final int MAX_STRING = 32 << 20;
    static final int MAX_VALUES = 1_000_000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_BYTES)
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING)
                    .build())
            // Python's json accepts NaN and Infinity, and json.dumps writes them.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    sealed interface Value permits Obj, Arr, Str, Scalar {
        long offset();
    }

    record Field(String name, Value value) { }

    record Obj(long offset, List<Field> fields) implements Value {
        /** The value of the last field named {@code name}, or null. */
        Value get(String name) {
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (fields.get(i).name().equals(name)) {
                    return fields.get(i).value();
                }
            }
            return null;
        }

        /** The string value of {@code name}, or null when absent or not a string. */
        String string(String name) {
            return get(name) instanceof Str s ? s.value() : null;
        }
    }

    record Arr(long offset, List<Value> items) implements Value { }

    record Str(long offset, String value) implements Value { }

    /** Numbers, booleans and null, as their JSON text. */
    record Scalar(long offset, String text) implements Value { }

    private JsonTree() {
    }

    /** Parses one JSON document; anything after it but whitespace is an error, as in Python. */
    static Value parse(byte[] json) throws ScanAbort {
        if (json.length > MAX_BYTES) {
            throw ScanAbort.budget(0, "JSON of " + json.length + " bytes exceeds the " + MAX_BYTES + "-byte limit");
        }
        try (JsonParser p = FACTORY.createParser(json)) {
            Value root = read(p);
            if (p.nextToken() != null) {
                throw ScanAbort.malformed(p.currentTokenLocation().getByteOffset(), "data after the JSON document");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw ScanAbort.budget(offsetOf(e), "JSON exceeds a limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ScanAbort.malformed(offsetOf(e), "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ScanAbort.malformed(0, "invalid JSON: " + e.getMessage());
        }
    }

    private static long offsetOf(JsonProcessingException e) {
        return e.getLocation() == null ? -1 : Math.max(-1, e.getLocation().getByteOffset());
    }

    /** Open containers while reading: the value under construction and, for objects, the pending key. */
    private static final class Frame {
        final Value container;
        String key;

        Frame(Value container) {
            this.container = container;
        }
    }

    private static Value read(JsonParser p) throws IOException, ScanAbort {
        Deque<Frame> stack = new ArrayDeque<>();
        int count = 0;
        JsonToken t = p.nextToken();
        if (t == null) {
            throw ScanAbort.malformed(0, "empty JSON document");
        }
        while (true) {
            long at = p.currentTokenLocation().getByteOffset();
            Value done = null;
            switch (t) {
                case START_OBJECT -> stack.push(new Frame(new Obj(at, new ArrayList<>())));
                case START_ARRAY -> stack.push(new Frame(new Arr(at, new ArrayList<>())));
                case FIELD_NAME -> stack.peek().key = p.currentName();
                case END_OBJECT, END_ARRAY -> done = stack.pop().container;
                case VALUE_STRING -> done = new Str(at, p.getText());
                default -> done = new Scalar(at, p.getText());
            }
            if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY
                    && ++count > MAX_VALUES) {
                throw ScanAbort.budget(at, "JSON has more than " + MAX_VALUES + " values");
            }
            if (done != null) {
                Frame parent = stack.peek();
                if (parent == null) {
                    return done;
                }
                switch (parent.container) {
                    case Obj o -> o.fields().add(new Field(parent.key, done));
                    case Arr a -> a.items().add(done);
                    default -> throw new IllegalStateException("scalar container");
                }
            }
            t = p.nextToken();
            if (t == null) {
                throw ScanAbort.malformed(p.currentLocation().getByteOffset(), "JSON ends inside a value");
            }
        }
    }
}
