package org.mlgate.tensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlgate.tensors.SafetensorsException.Kind;

/**
 * A validated safetensors header: 8-byte little-endian header length N, N bytes of UTF-8 JSON (an object of
 * tensor entries {@code {"dtype", "shape", "data_offsets"}} and an optional {@code "__metadata__"} map of
 * strings), then the data section, which the tensors must cover exactly: sorted by offset, no gap, no
 * overlap, no trailing byte, each range as long as dtype × shape says. Every violation is a
 * {@link SafetensorsException} naming the rule, the tensor and the byte offset.
 */
public record SafetensorsHeader(long headerLength, Map<String, String> metadata, List<TensorInfo> tensors,
                                long dataStart, long dataLength) {
    /** The reference implementation's cap on the header size. */
    public static final long MAX_HEADER = 100_000_000L;
    static final int MAX_TENSORS = 4_000_000;
    static final int MAX_RANK = 1024;
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4)
                    .maxStringLength((int) MAX_HEADER).maxNumberLength(40).build())
            .build();

    public SafetensorsHeader {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = List.copyOf(tensors);
    }

    /** Quick content check: a plausible header length followed by '{'. */
    public static boolean looksLike(MemorySegment file) {
        if (file.byteSize() < 10) {
            return false;
        }
        long n = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        return n >= 2 && n <= MAX_HEADER && n <= file.byteSize() - 8 && file.get(ValueLayout.JAVA_BYTE, 8) == '{';
    }

    public static SafetensorsHeader parse(MemorySegment file) throws SafetensorsException {
        long size = file.byteSize();
        if (size < 8) {
            throw new SafetensorsException(Kind.HEADER_TOO_SMALL, 0, null,
                    "file of " + size + " bytes is too short for the 8-byte header length");
        }
        long n = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (n < 0 || n > MAX_HEADER) {
            throw new SafetensorsException(Kind.HEADER_TOO_LARGE, 0, null, "header length "
                    + Long.toUnsignedString(n) + " is above the limit of " + MAX_HEADER + " bytes");
        }
        if (n > size - 8) {
            throw new SafetensorsException(Kind.HEADER_PAST_END, 0, null, "header length " + n
                    + " runs past the end of the file (" + (size - 8) + " bytes after the length field)");
        }
        if (n < 2 || file.get(ValueLayout.JAVA_BYTE, 8) != '{') {
            throw new SafetensorsException(Kind.NOT_AN_OBJECT, 8, null, "header does not start with '{'");
        }
        byte[] header = file.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
        requireUtf8(header);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> tensors = new ArrayList<>();
        readJson(header, metadata, tensors);
        long dataStart = 8 + n;
        long dataLength = size - dataStart;
        checkLayout(tensors, dataStart, dataLength);
        return new SafetensorsHeader(n, metadata, tensors, dataStart, dataLength);
    }

    private static void requireUtf8(byte[] header) throws SafetensorsException {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header));
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(Kind.INVALID_UTF8, 8, null, "header is not valid UTF-8");
        }
    }

    private static void readJson(byte[] header, Map<String, String> metadata, List<TensorInfo> tensors)
            throws SafetensorsException {
        try (JsonParser p = JSON.createParser(header)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, null, "the header");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (name.equals("__metadata__")) {
                    readMetadata(p, metadata);
                } else {
                    if (tensors.size() >= MAX_TENSORS) {
                        throw new SafetensorsException(Kind.TOO_MANY_TENSORS, at(p), name,
                                "more than " + MAX_TENSORS + " tensors");
                    }
                    tensors.add(readTensor(p, name));
                }
            }
            expect(p, p.currentToken(), JsonToken.END_OBJECT, null, "the header");
            if (p.nextToken() != null) {
                throw new SafetensorsException(Kind.INVALID_JSON, at(p), null, "data follows the header object");
            }
        } catch (JsonParseException e) {
            boolean dup = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
            throw new SafetensorsException(dup ? Kind.DUPLICATE_KEY : Kind.INVALID_JSON,
                    8 + e.getLocation().getByteOffset(), null, "header JSON: " + e.getOriginalMessage());
        } catch (StreamConstraintsException e) {
            throw new SafetensorsException(Kind.INVALID_JSON, -1, null, "header JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new SafetensorsException(Kind.INVALID_JSON, -1, null, "header JSON: " + e.getMessage());
        }
    }

    private static void readMetadata(JsonParser p, Map<String, String> metadata) throws IOException,
            SafetensorsException {
        expect(p, p.nextToken(), JsonToken.START_OBJECT, "__metadata__", "__metadata__");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new SafetensorsException(Kind.INVALID_METADATA, at(p), "__metadata__",
                        "__metadata__ value of '" + key + "' is not a string");
            }
            metadata.put(key, p.getText());
        }
    }

    private static TensorInfo readTensor(JsonParser p, String name) throws IOException, SafetensorsException {
        expect(p, p.nextToken(), JsonToken.START_OBJECT, name, "tensor '" + name + "'");
        Dtype dtype = null;
        List<Long> shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    expect(p, t, JsonToken.VALUE_STRING, name, "dtype of '" + name + "'");
                    String text = p.getText();
                    dtype = Dtype.of(text).orElseThrow(() -> new SafetensorsException(Kind.UNKNOWN_DTYPE, at(p), name,
                            "tensor '" + name + "' has unknown dtype '" + text + "'"));
                }
                case "shape" -> shape = readInts(p, t, name, "shape", MAX_RANK);
                case "data_offsets" -> {
                    List<Long> o = readInts(p, t, name, "data_offsets", 2);
                    if (o.size() != 2) {
                        throw new SafetensorsException(Kind.INVALID_OFFSETS, at(p), name,
                                "tensor '" + name + "': data_offsets must be [begin, end]");
                    }
                    offsets = new long[] {o.get(0), o.get(1)};
                }
                default -> throw new SafetensorsException(Kind.INVALID_JSON, at(p), name,
                        "tensor '" + name + "' has unknown field '" + field + "'");
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw new SafetensorsException(Kind.INVALID_JSON, at(p), name, "tensor '" + name
                    + "' lacks " + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets"));
        }
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static List<Long> readInts(JsonParser p, JsonToken t, String tensor, String field, int max)
            throws IOException, SafetensorsException {
        Kind kind = field.equals("shape") ? Kind.INVALID_SHAPE : Kind.INVALID_OFFSETS;
        if (t != JsonToken.START_ARRAY) {
            throw new SafetensorsException(kind, at(p), tensor, "tensor '" + tensor + "': " + field
                    + " is not an array");
        }
        List<Long> out = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0) {
                throw new SafetensorsException(kind, at(p), tensor, "tensor '" + tensor + "': " + field
                        + " holds " + p.getText() + ", not a non-negative 64-bit integer");
            }
            if (out.size() >= max) {
                throw new SafetensorsException(kind, at(p), tensor, "tensor '" + tensor + "': " + field
                        + " has more than " + max + " entries");
            }
            out.add(p.getLongValue());
        }
        return out;
    }

    /** Sorted by offset, the tensors must tile the data section exactly. */
    private static void checkLayout(List<TensorInfo> tensors, long dataStart, long dataLength)
            throws SafetensorsException {
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        for (TensorInfo t : sorted) {
            if (t.end() < t.begin()) {
                throw new SafetensorsException(Kind.INVALID_OFFSETS, dataStart + t.begin(), t.name(),
                        "tensor '" + t.name() + "': data_offsets end " + t.end() + " is before begin " + t.begin());
            }
            long need = byteSize(t);
            if (t.end() - t.begin() != need) {
                throw new SafetensorsException(Kind.SIZE_MISMATCH, dataStart + t.begin(), t.name(),
                        "tensor '" + t.name() + "': " + t.dtype() + " " + t.shape() + " needs " + need
                                + " bytes, data_offsets give " + (t.end() - t.begin()));
            }
            if (t.begin() != expected) {
                throw new SafetensorsException(Kind.OVERLAP_OR_GAP, dataStart + Math.min(t.begin(), expected), t.name(),
                        "tensor '" + t.name() + "' starts at data offset " + t.begin() + " but the previous tensor ends"
                                + " at " + expected + (t.begin() < expected ? " (overlap)" : " (gap)"));
            }
            if (t.end() > dataLength) {
                throw new SafetensorsException(Kind.INVALID_OFFSETS, dataStart + t.begin(), t.name(),
                        "tensor '" + t.name() + "' ends at data offset " + t.end() + ", past the end of the file ("
                                + dataLength + " data bytes)");
            }
            expected = t.end();
        }
        if (expected != dataLength) {
            throw new SafetensorsException(Kind.TRAILING_DATA, dataStart + expected, null,
                    (dataLength - expected) + " bytes follow the last tensor");
        }
    }

    /** dtype bits × product(shape) / 8, overflow-checked; sub-byte types must fill whole bytes. */
    static long byteSize(TensorInfo t) throws SafetensorsException {
        try {
            long numel = 1;
            for (long d : t.shape()) {
                numel = Math.multiplyExact(numel, d);
            }
            long bits = Math.multiplyExact(numel, (long) t.dtype().bits());
            if (bits % 8 != 0) {
                throw new SafetensorsException(Kind.SIZE_MISMATCH, -1, t.name(), "tensor '" + t.name() + "': "
                        + numel + " elements of " + t.dtype() + " do not fill whole bytes");
            }
            return bits / 8;
        } catch (ArithmeticException e) {
            throw new SafetensorsException(Kind.INVALID_SHAPE, -1, t.name(), "tensor '" + t.name() + "': shape "
                    + t.shape() + " overflows 64 bits");
        }
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken wanted, String tensor, String what)
            throws SafetensorsException {
        if (actual != wanted) {
            Kind kind = tensor == null ? Kind.NOT_AN_OBJECT : Kind.INVALID_JSON;
            throw new SafetensorsException(kind, at(p), tensor, what + " is not a JSON "
                    + (wanted == JsonToken.START_OBJECT ? "object" : wanted == JsonToken.END_OBJECT ? "object"
                    : "string"));
        }
    }

    private static long at(JsonParser p) {
        return 8 + p.currentTokenLocation().getByteOffset();
    }
}
