package org.mlgate.scan.npy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;

/**
 * The header of a .npy file: magic, version, header length and the header dict literal
 * {@code {'descr': ..., 'fortran_order': ..., 'shape': (...)}}, read without evaluating anything.
 *
 * @param major        format version 1, 2 or 3
 * @param dataOffset   where the array data starts
 * @param dtype        the element type
 * @param descr        the descr literal as written (a type string, or a list of fields for structured dtypes)
 * @param fortranOrder column-major data
 * @param shape        dimensions
 */
public record NpyHeader(int major, int minor, long dataOffset, Dtype dtype, PyLiteral descr, boolean fortranOrder,
                        List<Long> shape) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy itself refuses headers over 10,000 bytes unless told otherwise; this leaves room for odd writers. */
    public static final long MAX_HEADER = 1 << 20;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    public NpyHeader {
        shape = List.copyOf(shape);
    }

    public static boolean sniff(Blob blob) {
        return blob.startsWith(MAGIC);
    }

    public static NpyHeader parse(Blob blob) throws ScanAbort {
        if (!sniff(blob)) {
            throw ScanAbort.malformed(0, "no .npy magic");
        }
        if (blob.size() < 10) {
            throw ScanAbort.malformed(blob.size(), ".npy file ends inside its preamble");
        }
        int major = blob.u8(6);
        int minor = blob.u8(7);
        long headerLength;
        long start;
        if (major == 1) {
            headerLength = blob.u8(8) | (blob.u8(9) << 8);
            start = 10;
        } else if (major == 2 || major == 3) {
            if (blob.size() < 12) {
                throw ScanAbort.malformed(blob.size(), ".npy file ends inside its preamble");
            }
            headerLength = blob.u8(8) | (blob.u8(9) << 8) | (blob.u8(10) << 16) | ((long) blob.u8(11) << 24);
            start = 12;
        } else {
            throw ScanAbort.malformed(6, "unsupported .npy format version " + major + "." + minor);
        }
        if (headerLength > MAX_HEADER) {
            throw ScanAbort.budget(8, ".npy header of " + headerLength + " bytes is larger than " + MAX_HEADER);
        }
        if (start + headerLength > blob.size()) {
            throw ScanAbort.malformed(8, ".npy header length " + headerLength + " runs past the end of the file ("
                    + blob.size() + " bytes)");
        }
        // Versions 1 and 2 are latin-1, version 3 UTF-8 (numpy writes v3 only for non-latin-1 field names).
        String text = new String(blob.head(start, (int) headerLength),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        PyLiteral lit;
        try {
            lit = PyLiteral.parse(text);
        } catch (PyLiteral.SyntaxError e) {
            throw ScanAbort.malformed(start + e.position(), ".npy header is not a Python literal: " + e.getMessage());
        }
        if (!(lit instanceof PyLiteral.Dict dict)) {
            throw ScanAbort.malformed(start, ".npy header is not a dict but " + Dtype.describe(lit));
        }
        Set<String> keys = dict.entries().keySet().stream()
                .map(k -> k instanceof PyLiteral.Str s ? s.value() : Dtype.describe(k)).collect(Collectors.toSet());
        if (!keys.equals(KEYS)) {
            throw ScanAbort.malformed(start, ".npy header keys are " + keys.stream().sorted().toList()
                    + ", numpy requires exactly [descr, fortran_order, shape]");
        }
        Map<PyLiteral, PyLiteral> d = dict.entries();
        PyLiteral fortran = d.get(new PyLiteral.Str("fortran_order"));
        if (!(fortran instanceof PyLiteral.Bool b)) {
            throw ScanAbort.malformed(start, ".npy fortran_order is " + Dtype.describe(fortran) + ", not True or False");
        }
        List<Long> shape = shape(d.get(new PyLiteral.Str("shape")), start);
        Dtype dtype;
        PyLiteral descr = d.get(new PyLiteral.Str("descr"));
        try {
            dtype = Dtype.of(descr);
        } catch (Dtype.InvalidDtype e) {
            throw ScanAbort.malformed(start, ".npy descr: " + e.getMessage());
        }
        return new NpyHeader(major, minor, start + headerLength, dtype, descr, b.value(), shape);
    }

    private static List<Long> shape(PyLiteral v, long offset) throws ScanAbort {
        if (!(v instanceof PyLiteral.Tuple t)) {
            throw ScanAbort.malformed(offset, ".npy shape is " + Dtype.describe(v) + ", not a tuple");
        }
        List<Long> dims = new ArrayList<>();
        for (PyLiteral x : t.items()) {
            if (!(x instanceof PyLiteral.Int i) || i.value().signum() < 0
                    || i.value().compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
                throw ScanAbort.malformed(offset, ".npy shape " + Dtype.describe(v)
                        + " has a dimension that is not a non-negative 64-bit integer");
            }
            dims.add(i.value().longValue());
        }
        return dims;
    }

    /** Elements times item size; empty when that overflows 64 bits (no real file can have that layout). */
    public java.util.OptionalLong expectedDataBytes() {
        try {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return java.util.OptionalLong.of(Math.multiplyExact(n, dtype.itemSize()));
        } catch (ArithmeticException e) {
            return java.util.OptionalLong.empty();
        }
    }
}
