package org.mlgate.scan.proto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A tiny protobuf encoder for tests: fields appended in the order written. */
public final class Pb {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static Pb msg() {
        return new Pb();
    }

    public static byte[] varintBytes(long v) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        while ((v & ~0x7fL) != 0) {
            o.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        o.write((int) v);
        return o.toByteArray();
    }

    public Pb raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    public Pb varint(int field, long value) {
        return raw(varintBytes((long) field << 3)).raw(varintBytes(value));
    }

    public Pb bytes(int field, byte[] payload) {
        return raw(varintBytes((long) field << 3 | 2)).raw(varintBytes(payload.length)).raw(payload);
    }

    public Pb str(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    public Pb msg(int field, Pb m) {
        return bytes(field, m.build());
    }

    public Pb fixed32(int field, int v) {
        raw(varintBytes((long) field << 3 | 5));
        for (int i = 0; i < 4; i++) {
            out.write(v >>> (8 * i));
        }
        return this;
    }

    public byte[] build() {
        return out.toByteArray();
    }
}
