package org.mlgate.scan.npy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy dtype as a .npy header's {@code descr} spells it, reduced to what the scanner needs: the item
 * size in bytes and whether any field holds Python objects (then the array data is a pickle).
 *
 * @param itemSize   bytes per element (0 for object dtypes, whose data is a pickle)
 * @param hasObjects some (sub)field has kind 'O'
 */
public record Dtype(long itemSize, boolean hasObjects) {
    /** Optional byte order, a kind letter, an optional size and a datetime unit: "<f8", "|b1", "<M8[ns]". */
    private static final Pattern TYPESTR = Pattern.compile("([<>|=!]?)([a-zA-Z])(\\d{0,10})(\\[[0-9a-zA-Z]{1,12}\\])?");
    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("bool", 1), Map.entry("?", 1), Map.entry("int8", 1), Map.entry("uint8", 1), Map.entry("int16", 2),
            Map.entry("uint16", 2), Map.entry("float16", 2), Map.entry("int32", 4), Map.entry("uint32", 4),
            Map.entry("float32", 4), Map.entry("int64", 8), Map.entry("uint64", 8), Map.entry("float64", 8),
            Map.entry("complex64", 8), Map.entry("complex128", 16));
    private static final int MAX_DEPTH = 16;

    /** The descr cannot be understood, so the layout cannot be checked. */
    public static final class InvalidDtype extends Exception {
        InvalidDtype(String message) {
            super(message, null, false, false);
        }
    }

    public static Dtype of(PyLiteral descr) throws InvalidDtype {
        try {
            return of(descr, 0);
        } catch (ArithmeticException e) {
            throw new InvalidDtype("item size overflows 64 bits");
        }
    }

    private static Dtype of(PyLiteral descr, int depth) throws InvalidDtype {
        if (depth > MAX_DEPTH) {
            throw new InvalidDtype("dtype nested deeper than " + MAX_DEPTH + " levels");
        }
        return switch (descr) {
            case PyLiteral.Str s -> typestr(s.value());
            case PyLiteral.PyList l -> structured(l.items(), depth);
            case PyLiteral.Tuple t when t.items().size() == 2 -> {
                // (base, shape): a subarray dtype
                Dtype base = of(t.items().get(0), depth + 1);
                yield new Dtype(Math.multiplyExact(base.itemSize(), count(t.items().get(1))), base.hasObjects());
            }
            default -> throw new InvalidDtype("descr " + describe(descr) + " is not a type string or a list of fields");
        };
    }

    private static Dtype typestr(String s) throws InvalidDtype {
        Integer named = NAMES.get(s);
        if (named != null) {
            return new Dtype(named, false);
        }
        if (s.equals("object") || s.equals("O")) {
            return new Dtype(0, true);
        }
        Matcher m = TYPESTR.matcher(s);
        if (!m.matches()) {
            throw new InvalidDtype("unrecognised type string '" + s + "'");
        }
        char kind = m.group(2).charAt(0);
        String digits = m.group(3);
        long n = digits.isEmpty() ? -1 : Long.parseLong(digits);
        if (m.group(4) != null && kind != 'M' && kind != 'm') {
            throw new InvalidDtype("type string '" + s + "' has a unit but is not a datetime");
        }
        return switch (kind) {
            case 'O' -> new Dtype(0, true);
            case 'b' -> new Dtype(n < 0 ? 1 : sized(s, n, 1), false);
            case 'i', 'u', 'f' -> new Dtype(sized(s, n, 1, 2, 4, 8, 16), false);
            case 'c' -> new Dtype(sized(s, n, 8, 16, 32), false);
            case 'M', 'm' -> new Dtype(n < 0 ? 8 : sized(s, n, 8), false);
            case 'S', 'a', 'V' -> new Dtype(Math.max(n, 0), false);
            case 'U' -> new Dtype(Math.multiplyExact(Math.max(n, 0), 4L), false);
            default -> throw new InvalidDtype("unrecognised type kind '" + kind + "' in '" + s + "'");
        };
    }

    private static long sized(String s, long n, long... allowed) throws InvalidDtype {
        for (long a : allowed) {
            if (n == a) {
                return n;
            }
        }
        throw new InvalidDtype("type string '" + s + "' has an impossible size");
    }

    /** [(name, dtype), (name, dtype, shape), ...]; a name may be a (title, name) tuple. */
    private static Dtype structured(List<PyLiteral> fields, int depth) throws InvalidDtype {
        long size = 0;
        boolean objects = false;
        for (PyLiteral f : fields) {
            if (!(f instanceof PyLiteral.Tuple t) || t.items().size() < 2 || t.items().size() > 3) {
                throw new InvalidDtype("structured field " + describe(f) + " is not (name, dtype[, shape])");
            }
            PyLiteral name = t.items().get(0);
            boolean validName = name instanceof PyLiteral.Str || (name instanceof PyLiteral.Tuple nt
                    && nt.items().size() == 2 && nt.items().stream().allMatch(x -> x instanceof PyLiteral.Str));
            if (!validName) {
                throw new InvalidDtype("structured field name " + describe(name) + " is not a string");
            }
            Dtype d = of(t.items().get(1), depth + 1);
            long n = t.items().size() == 3 ? count(t.items().get(2)) : 1;
            size = Math.addExact(size, Math.multiplyExact(d.itemSize(), n));
            objects |= d.hasObjects();
        }
        return new Dtype(size, objects);
    }

    /** Elements in a (sub)shape: an int or a tuple of non-negative ints. */
    private static long count(PyLiteral shape) throws InvalidDtype {
        if (shape instanceof PyLiteral.Int i) {
            return nonNegative(i.value());
        }
        if (shape instanceof PyLiteral.Tuple t) {
            long n = 1;
            for (PyLiteral x : t.items()) {
                if (!(x instanceof PyLiteral.Int i)) {
                    throw new InvalidDtype("subarray shape " + describe(shape) + " is not a tuple of ints");
                }
                n = Math.multiplyExact(n, nonNegative(i.value()));
            }
            return n;
        }
        throw new InvalidDtype("subarray shape " + describe(shape) + " is not a tuple of ints");
    }

    private static long nonNegative(BigInteger v) throws InvalidDtype {
        if (v.signum() < 0 || v.bitLength() > 62) {
            throw new InvalidDtype("dimension " + v + " is negative or too large");
        }
        return v.longValue();
    }

    static String describe(PyLiteral v) {
        String s = v.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
