package org.mlgate.scan.gguf;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlgate.scan.container.TimeCheck;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;

/**
 * The header of a GGUF file, read the way llama.cpp's gguf reader does (little-endian; version 1 with
 * 32-bit counts and lengths, versions 2 and 3 with 64-bit ones), with explicit bounds on every count,
 * length and nesting level. Tensor data is never read.
 *
 * @param version   1, 2 or 3
 * @param alignment {@code general.alignment} or 32
 * @param dataStart where the data section starts (end of the tensor infos, aligned)
 * @param infosEnd  where the tensor infos end
 * @param duplicates entries whose key appeared before: llama.cpp refuses the file, other readers keep the
 *                   first or the last copy, so parsing goes on (their templates are checked too)
 */
public record GgufFile(int version, List<GgufKv> metadata, List<GgufTensor> tensors, long alignment,
                       long infosEnd, long dataStart, List<GgufKv> duplicates) {
    static final byte[] MAGIC = {'G', 'G', 'U', 'F'};
    public static final long DEFAULT_ALIGNMENT = 32;
    public static final String ALIGNMENT_KEY = "general.alignment";
    /** ggml tensors have at most four dimensions. */
    public static final int MAX_DIMS = 4;
    /** Strings up to this size are kept for messages (names, architecture); longer ones only for templates. */
    private static final int KEEP_SMALL = 256;

    /** Receives each chat template as soon as it is read, so a later structural error does not hide it. */
    @FunctionalInterface
    public interface TemplateSink {
        void template(String key, long textOffset, String text);
    }

    public GgufFile {
        metadata = List.copyOf(metadata);
        tensors = List.copyOf(tensors);
        duplicates = List.copyOf(duplicates);
    }

    public static boolean sniff(Blob blob) {
        return blob.startsWith(MAGIC);
    }

    /** True for {@code tokenizer.chat_template} and the named templates {@code tokenizer.chat_template.*}. */
    public static boolean isChatTemplateKey(String key) {
        return key.equals("tokenizer.chat_template") || key.startsWith("tokenizer.chat_template.");
    }

    public Optional<GgufKv> get(String key) {
        return metadata.stream().filter(kv -> kv.key().equals(key)).findFirst();
    }

    public static GgufFile parse(Blob blob, GgufLimits limits, TimeCheck time, TemplateSink templates)
            throws ScanAbort {
        return new Parser(blob, limits, time, templates).file();
    }

    private static final class Parser {
        /** Little-endian unless the version only reads as 1..3 byte-swapped (llama.cpp's big-endian files). */
        private ValueLayout.OfInt u32Layout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        private ValueLayout.OfLong u64Layout = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

        private final Blob blob;
        private final GgufLimits limits;
        private final TimeCheck time;
        private final TemplateSink templates;
        private long pos;
        private boolean wide;
        /** What is being read, for error messages: "key 'x'", "tensor 'y'", "header". */
        private String context = "header";

        Parser(Blob blob, GgufLimits limits, TimeCheck time, TemplateSink templates) {
            this.blob = blob;
            this.limits = limits;
            this.time = time;
            this.templates = templates;
        }

        GgufFile file() throws ScanAbort {
            if (!sniff(blob)) {
                throw ScanAbort.malformed(0, "no GGUF magic");
            }
            pos = 4;
            long version = u32("version");
            if (version < 1 || version > 3) {
                long swapped = Integer.reverseBytes((int) version) & 0xffffffffL;
                if (swapped < 1 || swapped > 3) {
                    throw ScanAbort.malformed(4, "unsupported GGUF version " + version);
                }
                // Big-endian GGUF (gguf-py --bigendian): every number of the header is big-endian; llama.cpp
                // on a big-endian host loads it, chat template included.
                u32Layout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
                u64Layout = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
                version = swapped;
            }
            wide = version >= 2;
            int len = wide ? 8 : 4;
            // smallest tensor info: empty name, no dims, type, offset; smallest entry: empty key, type, a byte
            long nTensors = count("tensor count", limits.maxTensors(), len + 4 + 4 + 8);
            long nKv = count("metadata key/value count", limits.maxKv(), len + 4 + 1);
            List<GgufKv> kvs = new ArrayList<>();
            List<GgufKv> duplicates = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            long alignment = DEFAULT_ALIGNMENT;
            for (long i = 0; i < nKv; i++) {
                time.check();
                long start = pos;
                context = "metadata entry " + i;
                String key = string("key", limits.maxKeyBytes(), true).text();
                context = "key '" + printable(key) + "'";
                boolean duplicate = !keys.add(key);
                long type = u32("value type");
                GgufValue value = value(type, 0, isChatTemplateKey(key));
                if (value instanceof GgufValue.Str s && s.text() != null && isChatTemplateKey(key)) {
                    templates.template(key, s.dataOffset(), s.text());
                }
                if (duplicate) {
                    duplicates.add(new GgufKv(key, start, value));
                } else {
                    if (key.equals(ALIGNMENT_KEY)) {
                        alignment = alignment(start, value);
                    }
                    kvs.add(new GgufKv(key, start, value));
                }
                checkMetadataSize();
            }
            List<GgufTensor> tensors = new ArrayList<>();
            for (long i = 0; i < nTensors; i++) {
                time.check();
                tensors.add(tensor(i));
                checkMetadataSize();
            }
            context = "header";
            long infosEnd = pos;
            long dataStart = infosEnd + (alignment - infosEnd % alignment) % alignment;
            return new GgufFile((int) version, kvs, tensors, alignment, infosEnd, dataStart, duplicates);
        }

        private GgufTensor tensor(long i) throws ScanAbort {
            long start = pos;
            context = "tensor info " + i;
            GgufValue.Str nameValue = string("tensor name", limits.maxKeyBytes(), true);
            String name = nameValue.text();
            context = "tensor '" + printable(name) + "'";
            long nDims = u32("dimension count");
            if (nDims > MAX_DIMS) {
                throw ScanAbort.malformed(pos - 4, "tensor has " + nDims + " dimensions, ggml allows at most "
                        + MAX_DIMS + " (" + context + ")");
            }
            List<Long> dims = new ArrayList<>();
            for (int d = 0; d < nDims; d++) {
                long at = pos;
                long n = wide ? u64("dimension") : u32("dimension");
                if (n < 0) {
                    throw ScanAbort.malformed(at, "dimension " + d + " is larger than 2^63 (" + context + ")");
                }
                dims.add(n);
            }
            long type = u32("ggml type");
            long offsetAt = pos;
            long offset = u64("data offset");
            if (offset < 0) {
                throw ScanAbort.malformed(offsetAt, "data offset is larger than 2^63 (" + context + ")");
            }
            return new GgufTensor(name, nameValue.length(), dims, type, offset, start);
        }

        private long alignment(long at, GgufValue value) throws ScanAbort {
            if (!(value instanceof GgufValue.Int(int type, long a)) || type != GgufValue.UINT32) {
                throw ScanAbort.malformed(at, ALIGNMENT_KEY + " must be a uint32, not " + describe(value));
            }
            if (a == 0 || (a & (a - 1)) != 0) {
                throw ScanAbort.malformed(at, ALIGNMENT_KEY + " " + a + " is not a power of two");
            }
            return a;
        }

        private void checkMetadataSize() throws ScanAbort {
            if (pos > limits.maxMetadataBytes()) {
                throw ScanAbort.malformed(pos, "header and metadata exceed " + limits.maxMetadataBytes()
                        + " bytes (" + context + ")");
            }
        }

        /** One value of {@code type}; strings are kept when {@code keep} or short. */
        private GgufValue value(long type, int depth, boolean keep) throws ScanAbort {
            long at = pos - 4;
            return switch ((int) Math.min(type, Integer.MAX_VALUE)) {
                case GgufValue.UINT8 -> new GgufValue.Int(GgufValue.UINT8, fixed(1));
                case GgufValue.INT8 -> new GgufValue.Int(GgufValue.INT8, (byte) fixed(1));
                case GgufValue.UINT16 -> new GgufValue.Int(GgufValue.UINT16, fixed(2));
                case GgufValue.INT16 -> new GgufValue.Int(GgufValue.INT16, (short) fixed(2));
                case GgufValue.UINT32 -> new GgufValue.Int(GgufValue.UINT32, fixed(4));
                case GgufValue.INT32 -> new GgufValue.Int(GgufValue.INT32, (int) fixed(4));
                case GgufValue.UINT64 -> new GgufValue.Int(GgufValue.UINT64, fixed(8));
                case GgufValue.INT64 -> new GgufValue.Int(GgufValue.INT64, fixed(8));
                case GgufValue.FLOAT32 -> new GgufValue.Float(GgufValue.FLOAT32, java.lang.Float.intBitsToFloat(
                        (int) fixed(4)));
                case GgufValue.FLOAT64 -> new GgufValue.Float(GgufValue.FLOAT64, Double.longBitsToDouble(fixed(8)));
                case GgufValue.BOOL -> new GgufValue.Bool(fixed(1) != 0);
                case GgufValue.STRING -> string("string value", keep ? limits.maxTemplateBytes()
                        : limits.maxStringBytes(), keep);
                case GgufValue.ARRAY -> array(depth + 1);
                default -> throw ScanAbort.malformed(at, "unknown value type " + type + " (" + context + ")");
            };
        }

        private GgufValue array(int depth) throws ScanAbort {
            long at = pos;
            if (depth > limits.maxNesting()) {
                throw ScanAbort.malformed(at, "arrays nested deeper than " + limits.maxNesting() + " levels ("
                        + context + ")");
            }
            long type = u32("array element type");
            int fixed = GgufValue.fixedSize((int) Math.min(type, Integer.MAX_VALUE));
            long min = fixed > 0 ? fixed : type == GgufValue.STRING ? (wide ? 8 : 4)
                    : type == GgufValue.ARRAY ? (wide ? 12 : 8) : -1;
            if (min < 0) {
                throw ScanAbort.malformed(at, "unknown array element type " + type + " (" + context + ")");
            }
            long n = count("array length", limits.maxArrayLength(), min);
            if (fixed > 0) {
                pos += n * fixed;
                return new GgufValue.Array((int) type, n);
            }
            for (long i = 0; i < n; i++) {
                if ((i & 0xfff) == 0) {
                    time.check();
                }
                if (type == GgufValue.STRING) {
                    string("array string", limits.maxStringBytes(), false);
                } else {
                    // an element of an array of arrays is itself element type, count and elements
                    array(depth + 1);
                }
            }
            return new GgufValue.Array((int) type, n);
        }

        /**
         * A count or length field, bounded by {@code max} and by what the rest of the file can hold at
         * {@code minBytesEach} bytes per item (so a huge count fails before any loop runs).
         */
        private long count(String what, long max, long minBytesEach) throws ScanAbort {
            long at = pos;
            long n = wide ? u64(what) : u32(what);
            if (n < 0 || n > max) {
                throw ScanAbort.malformed(at, what + " " + Long.toUnsignedString(n) + " exceeds the limit of " + max
                        + " (" + context + ")");
            }
            long remaining = blob.size() - pos;
            if (minBytesEach > 0 && n > remaining / minBytesEach) {
                throw ScanAbort.malformed(at, what + " " + n + " needs at least " + minBytesEach
                        + " bytes each, only " + remaining + " remain in the file (" + context + ")");
            }
            return n;
        }

        private GgufValue.Str string(String what, long max, boolean keep) throws ScanAbort {
            long at = pos;
            long n = wide ? u64(what + " length") : u32(what + " length");
            if (n < 0 || n > max) {
                throw ScanAbort.malformed(at, what + " length " + Long.toUnsignedString(n) + " exceeds the limit of "
                        + max + " (" + context + ")");
            }
            need(n, what);
            String text = null;
            if (keep || n <= KEEP_SMALL) {
                text = new String(blob.head(pos, (int) n), StandardCharsets.UTF_8);
            }
            GgufValue.Str s = new GgufValue.Str(n, pos, text);
            pos += n;
            return s;
        }

        private long fixed(int bytes) throws ScanAbort {
            return switch (bytes) {
                case 1 -> {
                    need(1, "value");
                    yield blob.u8(pos++);
                }
                case 2 -> {
                    need(2, "value");
                    long v = blob.u8(pos) | (blob.u8(pos + 1) << 8);
                    pos += 2;
                    yield v;
                }
                case 4 -> u32("value");
                default -> u64("value");
            };
        }

        private long u32(String what) throws ScanAbort {
            need(4, what);
            long v = blob.data().get(u32Layout, pos) & 0xffffffffL;
            pos += 4;
            return v;
        }

        private long u64(String what) throws ScanAbort {
            need(8, what);
            long v = blob.data().get(u64Layout, pos);
            pos += 8;
            return v;
        }

        private void need(long n, String what) throws ScanAbort {
            if (n > blob.size() - pos) {
                throw ScanAbort.malformed(pos, "file ends inside " + what + " (" + context + "; " + n
                        + " bytes needed at offset " + pos + ", file has " + blob.size() + ")");
            }
        }
    }

    static String describe(GgufValue v) {
        return switch (v) {
            case GgufValue.Int i -> GgufValue.typeName(i.type()) + " " + i.value();
            case GgufValue.Float f -> GgufValue.typeName(f.type()) + " " + f.value();
            case GgufValue.Bool b -> "bool " + b.value();
            case GgufValue.Str s -> "string of " + s.length() + " bytes";
            case GgufValue.Array a -> "array of " + a.count() + " " + GgufValue.typeName(a.elementType());
        };
    }

    /** Keys and names in messages: control characters escaped, long ones cut. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 120; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.length() < s.length() ? b + "..." : b.toString();
    }
}
