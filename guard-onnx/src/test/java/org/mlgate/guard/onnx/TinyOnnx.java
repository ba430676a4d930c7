package org.mlgate.guard.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a tiny ONNX text classifier as protobuf bytes, field by field from onnx.proto (no Python, no ONNX
 * library): input_ids int64 [1, n] → Gather(embedding [V, D]) → ReduceMean over tokens → MatMul([D, C]) →
 * Softmax (or the logits themselves). Opset 13, IR version 7.
 */
final class TinyOnnx {
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    private TinyOnnx() {
    }

    /**
     * @param embedding [V][D]
     * @param weights   [D][C]
     * @param softmax   true: the output is probabilities; false: logits
     */
    static byte[] classifier(float[][] embedding, float[][] weights, boolean softmax) {
        int classes = weights[0].length;
        Proto graph = new Proto();
        graph.message(1, node("Gather", new String[] {"embedding", "input_ids"}, "emb"));
        graph.message(1, node("ReduceMean", new String[] {"emb"}, "pooled",
                new Proto().string(1, "axes").ints(8, 1).varint(20, ATTR_INTS),
                new Proto().string(1, "keepdims").varint(3, 0).varint(20, ATTR_INT)));
        graph.message(1, node("MatMul", new String[] {"pooled", "weights"}, softmax ? "logits" : "scores"));
        if (softmax) {
            graph.message(1, node("Softmax", new String[] {"logits"}, "scores",
                    new Proto().string(1, "axis").varint(3, -1).varint(20, ATTR_INT)));
        }
        graph.string(2, "tiny");
        graph.message(5, tensor("embedding", embedding));
        graph.message(5, tensor("weights", weights));
        graph.message(11, valueInfo("input_ids", INT64, new Object[] {1L, "n"}));
        graph.message(12, valueInfo("scores", FLOAT, new Object[] {1L, (long) classes}));
        Proto model = new Proto();
        model.varint(1, 7);
        model.string(2, "mlgate-test");
        model.message(7, graph);
        model.message(8, new Proto().string(1, "").varint(2, 13));
        return model.bytes();
    }

    private static Proto node(String op, String[] inputs, String output, Proto... attributes) {
        Proto n = new Proto();
        for (String in : inputs) {
            n.string(1, in);
        }
        n.string(2, output);
        n.string(3, op + "_" + output);
        n.string(4, op);
        for (Proto a : attributes) {
            n.message(5, a);
        }
        return n;
    }

    private static Proto tensor(String name, float[][] values) {
        Proto t = new Proto();
        t.varint(1, values.length).varint(1, values[0].length);
        t.varint(2, FLOAT);
        t.string(8, name);
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length * values[0].length).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : values) {
            for (float v : row) {
                raw.putFloat(v);
            }
        }
        t.bytes(9, raw.array());
        return t;
    }

    /** dims: Long for a fixed size, String for a named (dynamic) one. */
    private static Proto valueInfo(String name, int elemType, Object[] dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            shape.message(1, d instanceof Long l ? new Proto().varint(1, l) : new Proto().string(2, (String) d));
        }
        Proto tensorType = new Proto().varint(1, elemType).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** A protobuf message under construction. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long v) {
            tag(field, 0);
            raw(v);
            return this;
        }

        Proto ints(int field, long... values) {
            for (long v : values) {
                varint(field, v);
            }
            return this;
        }

        Proto string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Proto bytes(int field, byte[] b) {
            tag(field, 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        Proto message(int field, Proto m) {
            return bytes(field, m.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wire) {
            raw((long) field << 3 | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
