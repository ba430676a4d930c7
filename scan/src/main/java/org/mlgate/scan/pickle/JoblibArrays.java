package org.mlgate.scan.pickle;

import org.mlgate.core.Problem;
import org.mlgate.scan.engine.ScanAbort;

/**
 * joblib writes NumPy arrays into the middle of the pickle stream: after the BUILD of a
 * {@code NumpyArrayWrapper} its unpickler reads the array's bytes straight from the file (an optional
 * alignment pad, then count × itemsize bytes), or, for object arrays, a whole nested pickle. The VM must
 * step over exactly those bytes to keep reading the stream as joblib does.
 */
final class JoblibArrays {
    private JoblibArrays() {
    }

    static boolean isWrapper(PValue.Call c) {
        return c.callable instanceof PValue.Ref r && r.global().name().equals("NumpyArrayWrapper")
                && (r.global().module().equals("joblib.numpy_pickle")
                || r.global().module().equals("sklearn.externals.joblib.numpy_pickle"));
    }

    /** Consumes the array data that follows the wrapper's BUILD; returns the value that replaces it. */
    static PValue consume(PValue.Call wrapper, PickleVm vm) throws ScanAbort {
        long at = vm.opStart();
        if (!(wrapper.state instanceof PValue.Dict state)) {
            throw unsupported(at, "NumpyArrayWrapper state is not a dict");
        }
        Dtype dtype = Dtype.of(state.get("dtype"));
        if (dtype == null) {
            throw unsupported(at, "cannot determine the dtype of a joblib array");
        }
        if (dtype.hasObject()) {
            // a complete pickle follows; the real loader runs pickle.load on the same file handle
            Tentative.Outcome o = Tentative.run(vm.segment(), vm.position(), vm.context(), vm.heuristics());
            vm.hits().addAll(o.hits());
            if (o.kind() != Tentative.Kind.COMPLETE) {
                ScanAbort a = o.abort();
                throw ScanAbort.malformed(a == null ? vm.position() : a.offset(),
                        "object array inside joblib file: " + (a == null ? "not a pickle" : a.getMessage()));
            }
            vm.moveTo(o.end());
            return PValue.UNKNOWN;
        }
        long count = count(state.get("shape"), at);
        if (state.get("numpy_array_alignment_bytes") != null) {
            if (vm.position() >= vm.limit()) {
                throw ScanAbort.malformed(vm.position(), "joblib array padding byte missing");
            }
            int pad = vm.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, vm.position()) & 0xff;
            vm.skipRaw(1L + pad);
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, dtype.itemsize());
        } catch (ArithmeticException e) {
            throw ScanAbort.malformed(at, "joblib array size overflows");
        }
        vm.skipRaw(bytes);
        return PValue.UNKNOWN;
    }

    private static long count(PValue shape, long at) throws ScanAbort {
        if (!(shape instanceof PValue.Tuple t)) {
            throw unsupported(at, "joblib array shape is not a tuple");
        }
        long count = 1;
        for (PValue v : t.items()) {
            if (!(v instanceof PValue.Int i) || i.big() != null || i.value() < 0) {
                throw ScanAbort.malformed(at, "joblib array shape holds a non-integer or negative dimension");
            }
            try {
                count = Math.multiplyExact(count, i.value());
            } catch (ArithmeticException e) {
                throw ScanAbort.malformed(at, "joblib array element count overflows");
            }
        }
        return count;
    }

    private static ScanAbort unsupported(long at, String message) {
        return new ScanAbort(Problem.Kind.UNSUPPORTED, at, message);
    }

    /**
     * Structured dtypes pickle their fields as {name: (dtype, offset[, title])}: true if any field holds
     * objects, null if that cannot be told (unknown field dtype, or more fields than the VM keeps).
     */
    private static Boolean fieldsHoldObjects(PValue fields) {
        if (!(fields instanceof PValue.Dict d) || !d.complete()) {
            return null;
        }
        boolean any = false;
        for (PValue v : d.values()) {
            if (!(v instanceof PValue.Tuple t) || t.items().isEmpty()) {
                return null;
            }
            Dtype f = Dtype.of(t.items().getFirst());
            if (f == null) {
                return null;
            }
            any |= f.hasObject();
        }
        return any;
    }

    /** What the analysis needs of a pickled numpy.dtype: item size and whether it holds objects. */
    record Dtype(long itemsize, boolean hasObject) {
        static Dtype of(PValue v) {
            if (!(v instanceof PValue.Call c) || !(c.callable instanceof PValue.Ref r)
                    || !r.global().equals(new org.mlgate.scan.policy.Global("numpy", "dtype"))
                    || !(c.args instanceof PValue.Tuple args) || args.items().isEmpty()
                    || !(args.items().getFirst() instanceof PValue.Str typestr)) {
                return null;
            }
            String s = typestr.value();
            if (s.isEmpty()) {
                return null;
            }
            char kind = s.charAt(0);
            if (kind == 'O') {
                return new Dtype(8, true);
            }
            Long elsize = null;
            if (c.state instanceof PValue.Tuple st) {
                // (version, endian, subarray, names, fields, elsize, alignment, flags)
                if (st.items().size() > 4 && st.items().get(4) != PValue.NONE) {
                    Boolean objects = fieldsHoldObjects(st.items().get(4));
                    if (objects == null) {
                        return null;
                    }
                    if (objects) {
                        return new Dtype(0, true);
                    }
                }
                if (st.items().size() > 5 && st.items().get(5) instanceof PValue.Int e && e.big() == null
                        && e.value() > 0) {
                    elsize = e.value();
                }
            }
            if (elsize != null) {
                return new Dtype(elsize, false);
            }
            if (c.state instanceof PValue.Tuple st2 && st2.items().size() > 4 && st2.items().get(4) != PValue.NONE) {
                return null; // structured without a known element size
            }
            long n;
            try {
                n = Long.parseLong(s.substring(1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (n < 0) {
                return null;
            }
            return new Dtype(kind == 'U' ? n * 4 : n, false);
        }
    }
}
