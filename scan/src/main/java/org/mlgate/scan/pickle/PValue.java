package org.mlgate.scan.pickle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.mlgate.scan.policy.Classification;
import org.mlgate.scan.policy.Global;

/**
 * Symbolic values on the VM stack. Nothing here is ever a live Python object: values carry only what
 * the analysis needs (strings for names, small ints for shapes, containers' first entries).
 */
sealed interface PValue {
    PValue NONE = new Atom("None");
    PValue TRUE = new Atom("True");
    PValue FALSE = new Atom("False");
    PValue FLOAT = new Atom("float");
    PValue UNKNOWN = new Atom("?");

    /** None, booleans, floats, and results whose value does not matter. */
    record Atom(String what) implements PValue { }

    /** An integer; {@code big} is null when it fits a long. */
    record Int(long value, BigInteger big) implements PValue {
        static Int of(long v) {
            return new Int(v, null);
        }

        BigInteger asBig() {
            return big != null ? big : BigInteger.valueOf(value);
        }
    }

    /** A str value (decoded). */
    record Str(String value) implements PValue { }

    /** A bytes/bytearray value: where it lies in the stream, and its length. */
    record Bytes(long offset, long length) implements PValue { }

    /** An imported global. */
    record Ref(Global global, Classification classification, long offset) implements PValue { }

    /** A global reached through the extension registry (EXT1/2/4). */
    record Ext(long code) implements PValue { }

    /** The result of calling {@code callable} with {@code args} (REDUCE, OBJ, NEWOBJ, INST); BUILD adds state. */
    final class Call implements PValue {
        final PValue callable;
        final PValue args;
        PValue state;

        Call(PValue callable, PValue args) {
            this.callable = callable;
            this.args = args;
        }
    }

    /** A tuple (immutable, all items kept: tuples in pickles are small). */
    record Tuple(List<PValue> items) implements PValue { }

    /** A list or set; only its size is tracked. */
    final class Seq implements PValue {
        long size;
    }

    /** A dict; the first entries are kept for analyses that read object state (joblib array wrappers). */
    final class Dict implements PValue {
        static final int KEEP = 64;
        private PValue[] kv;
        private int kept;
        long size;

        void put(PValue k, PValue v) {
            size++;
            if (kept < KEEP) {
                if (kv == null) {
                    kv = new PValue[8];
                } else if (kv.length < 2 * (kept + 1)) {
                    kv = java.util.Arrays.copyOf(kv, Math.min(2 * KEEP, kv.length * 2));
                }
                kv[2 * kept] = k;
                kv[2 * kept + 1] = v;
                kept++;
            }
        }

        /** True if every entry was kept (small dicts), so the analysis sees all of it. */
        boolean complete() {
            return kept == size;
        }

        List<PValue> values() {
            List<PValue> out = new ArrayList<>(kept);
            for (int i = 0; i < kept; i++) {
                out.add(kv[2 * i + 1]);
            }
            return out;
        }

        PValue get(String key) {
            for (int i = 0; i < kept; i++) {
                if (kv[2 * i] instanceof Str s && s.value().equals(key)) {
                    return kv[2 * i + 1];
                }
            }
            return null;
        }
    }

    /** A persistent id reference (PERSID/BINPERSID). */
    record Persistent(PValue pid) implements PValue { }
}
