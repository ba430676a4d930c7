package org.mlgate.scan.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Assembles pickle opcodes byte by byte for tests (no Python needed, and no pickle is ever loaded). */
public final class PickleBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static PickleBuilder create() {
        return new PickleBuilder();
    }

    public int size() {
        return out.size();
    }

    public PickleBuilder op(int b) {
        out.write(b);
        return this;
    }

    public PickleBuilder raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public PickleBuilder raw(String latin1) {
        return raw(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    public PickleBuilder proto(int p) {
        return op(0x80).op(p);
    }

    public PickleBuilder frame(long len) {
        op(0x95);
        return le(len, 8);
    }

    public PickleBuilder le(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    public PickleBuilder global(String module, String name) {
        return op('c').raw(module + "\n" + name + "\n");
    }

    public PickleBuilder inst(String module, String name) {
        return op('i').raw(module + "\n" + name + "\n");
    }

    public PickleBuilder str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < 256) {
            op(0x8c).op(b.length);
        } else {
            op('X').le(b.length, 4);
        }
        return raw(b);
    }

    public PickleBuilder bytes(byte[] b) {
        op('B').le(b.length, 4);
        return raw(b);
    }

    public PickleBuilder stackGlobal(String module, String name) {
        return str(module).str(name).op(0x93);
    }

    public PickleBuilder mark() {
        return op('(');
    }

    public PickleBuilder tuple() {
        return op('t');
    }

    public PickleBuilder tuple1() {
        return op(0x85);
    }

    public PickleBuilder emptyTuple() {
        return op(')');
    }

    public PickleBuilder reduce() {
        return op('R');
    }

    public PickleBuilder build() {
        return op('b');
    }

    public PickleBuilder binput(int i) {
        return op('q').op(i);
    }

    public PickleBuilder binget(int i) {
        return op('h').op(i);
    }

    public PickleBuilder memoize() {
        return op(0x94);
    }

    public PickleBuilder pop() {
        return op('0');
    }

    public PickleBuilder none() {
        return op('N');
    }

    public PickleBuilder int1(int v) {
        return op('K').op(v);
    }

    public PickleBuilder binint(int v) {
        return op('J').le(v, 4);
    }

    public PickleBuilder emptyDict() {
        return op('}');
    }

    public PickleBuilder emptyList() {
        return op(']');
    }

    public PickleBuilder setitem() {
        return op('s');
    }

    public PickleBuilder append() {
        return op('a');
    }

    public PickleBuilder stop() {
        return op('.');
    }

    /** {@code os.system('echo mlgate')} via GLOBAL + REDUCE (protocol 0 style). */
    public PickleBuilder osSystem() {
        return global("os", "system").mark().str("echo mlgate").tuple().reduce();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
