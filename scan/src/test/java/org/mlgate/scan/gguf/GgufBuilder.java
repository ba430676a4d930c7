package org.mlgate.scan.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes GGUF files byte by byte, laid out the way llama.cpp's writer does unless a test says otherwise. */
final class GgufBuilder {
    static final String CHATML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + "
            + "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private record Tensor(String name, long[] dims, int type, Long offset, long bytes) { }

    private final int version;
    private final ByteArrayOutputStream kvs = new ByteArrayOutputStream();
    private int nKv;
    private final List<Tensor> tensors = new ArrayList<>();
    private long alignment = 32;
    private Long tensorCountOverride;
    private Long dataBytes;

    GgufBuilder(int version) {
        this.version = version;
    }

    GgufBuilder() {
        this(3);
    }

    GgufBuilder str(String key, String value) {
        key(key);
        put32(kvs, 8);
        string(kvs, value);
        return this;
    }

    GgufBuilder u32(String key, long value) {
        key(key);
        put32(kvs, 4);
        put32(kvs, value);
        if (key.equals("general.alignment")) {
            alignment = value;
        }
        return this;
    }

    GgufBuilder f32(String key, float value) {
        key(key);
        put32(kvs, 6);
        put32(kvs, Float.floatToIntBits(value));
        return this;
    }

    GgufBuilder strings(String key, String... values) {
        key(key);
        put32(kvs, 9);
        put32(kvs, 8);
        len(kvs, values.length);
        for (String v : values) {
            string(kvs, v);
        }
        return this;
    }

    GgufBuilder ints(String key, int... values) {
        key(key);
        put32(kvs, 9);
        put32(kvs, 5);
        len(kvs, values.length);
        for (int v : values) {
            put32(kvs, v);
        }
        return this;
    }

    /** A key with a value type and raw value bytes of the test's choosing. */
    GgufBuilder raw(String key, long type, byte[] value) {
        key(key);
        put32(kvs, type);
        kvs.writeBytes(value);
        return this;
    }

    /** A tensor laid out after the previous one (padded), with its real ggml size. */
    GgufBuilder tensor(String name, int type, long... dims) {
        return tensorAt(name, type, null, dims);
    }

    GgufBuilder tensorAt(String name, int type, Long offset, long... dims) {
        GgmlType t = GgmlType.of(type).orElse(new GgmlType(type, "?", 1, 1));
        long rows = 1;
        for (int i = 1; i < dims.length; i++) {
            rows *= dims[i];
        }
        long bytes = dims.length == 0 ? t.typeSize() : dims[0] / t.blockSize() * t.typeSize() * rows;
        tensors.add(new Tensor(name, dims, type, offset, bytes));
        return this;
    }

    /** The data section's size instead of what the tensors need (e.g. 0: tensor data past the end). */
    GgufBuilder data(long bytes) {
        dataBytes = bytes;
        return this;
    }

    GgufBuilder tensorCount(long n) {
        tensorCountOverride = n;
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        put32(out, version);
        len(out, tensorCountOverride != null ? tensorCountOverride : tensors.size());
        len(out, nKv);
        out.writeBytes(kvs.toByteArray());
        long next = 0;
        long end = 0;
        for (Tensor t : tensors) {
            string(out, t.name());
            put32(out, t.dims().length);
            for (long d : t.dims()) {
                len(out, d);
            }
            put32(out, t.type());
            long off = t.offset() != null ? t.offset() : next;
            put64(out, off);
            next = pad(off + t.bytes());
            end = Math.max(end, next);
        }
        while (out.size() % alignment != 0) {
            out.write(0);
        }
        if (!tensors.isEmpty()) {
            out.writeBytes(new byte[(int) (dataBytes != null ? dataBytes : end)]);
        }
        return out.toByteArray();
    }

    private long pad(long n) {
        return (n + alignment - 1) / alignment * alignment;
    }

    private void key(String key) {
        nKv++;
        string(kvs, key);
    }

    private void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        len(out, b.length);
        out.writeBytes(b);
    }

    private void len(ByteArrayOutputStream out, long n) {
        if (version == 1) {
            put32(out, n);
        } else {
            put64(out, n);
        }
    }

    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    /** Writes every number big-endian, as gguf-py does with --bigendian (s390x models); call before adding. */
    GgufBuilder bigEndian() {
        order = ByteOrder.BIG_ENDIAN;
        return this;
    }

    private void put32(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(4).order(order).putInt((int) v).array());
    }

    private void put64(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(8).order(order).putLong(v).array());
    }

    static void u32(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    }

    static void u64(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    /** A minimal benign model: llama metadata, a ChatML template, three tensors. */
    static GgufBuilder benign(String template) {
        return benign(template, ByteOrder.LITTLE_ENDIAN);
    }

    /** The same model with every number in {@code order} (set before anything is written). */
    static GgufBuilder benign(String template, ByteOrder order) {
        GgufBuilder first = new GgufBuilder();
        first.order = order;
        GgufBuilder b = first
                .str("general.architecture", "llama")
                .str("general.name", "tiny")
                .u32("llama.context_length", 2048)
                .f32("llama.rope.freq_base", 10000f)
                .strings("tokenizer.ggml.tokens", "<unk>", "<s>", "</s>", "hello")
                .ints("tokenizer.ggml.token_type", 2, 3, 3, 1);
        if (template != null) {
            b.str("tokenizer.chat_template", template);
        }
        return b.tensor("token_embd.weight", 0, 8, 4)
                .tensor("blk.0.attn_q.weight", 8, 64, 2)
                .tensor("output_norm.weight", 1, 8);
    }
}
