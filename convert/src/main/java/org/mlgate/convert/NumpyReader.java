package org.mlgate.convert;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.mlgate.scan.container.ZipDirectory;
import org.mlgate.scan.container.ZipEntry;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.npy.NpyHeader;
import org.mlgate.scan.npy.PyLiteral;
import org.mlgate.tensors.Dtype;

/**
 * Reads NumPy arrays: a {@code .npy} file (one array, named after the file without its extension) or a
 * {@code .npz} archive (one array per {@code NAME.npy} member, stored or deflated as {@code np.savez_compressed}
 * writes them). Headers are parsed by the scanner's bounded {@link NpyHeader}. Booleans, signed and unsigned
 * integers of 1 to 8 bytes, float16/32/64 and complex64 map to safetensors dtypes; big-endian data is swapped to
 * little-endian and Fortran-ordered arrays are written in logical C order. Object arrays (their data is a
 * pickle), structured, string, datetime and other types without a safetensors dtype are refused.
 */
final class NumpyReader {
    /** Largest array a compressed member may inflate to (it is held in memory). */
    static final long MAX_INFLATED = 8L << 30;
    private static final int CHUNK = 1 << 30;
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final Pattern TYPESTR = Pattern.compile("([<>|=])([a-zA-Z?])(\\d+)");
    private static final Map<String, Dtype> KINDS = Map.ofEntries(
            Map.entry("b1", Dtype.BOOL), Map.entry("i1", Dtype.I8), Map.entry("u1", Dtype.U8),
            Map.entry("i2", Dtype.I16), Map.entry("u2", Dtype.U16), Map.entry("i4", Dtype.I32),
            Map.entry("u4", Dtype.U32), Map.entry("i8", Dtype.I64), Map.entry("u8", Dtype.U64),
            Map.entry("f2", Dtype.F16), Map.entry("f4", Dtype.F32), Map.entry("f8", Dtype.F64),
            Map.entry("c8", Dtype.C64));

    private NumpyReader() {
    }

    /** The array name for a .npy file: its file name without directories and without {@code .npy}. */
    static String arrayName(String fileName) {
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        return base.endsWith(".npy") && base.length() > 4 ? base.substring(0, base.length() - 4) : base;
    }

    static CheckpointReader.Checkpoint readNpy(MemorySegment file, String name, Arena arena)
            throws ConversionRefused {
        return new CheckpointReader.Checkpoint(CheckpointReader.Format.NUMPY,
                List.of(array(file, name, name, arena)), Map.of(), List.of());
    }

    static CheckpointReader.Checkpoint readNpz(MemorySegment file, ZipDirectory dir, Arena arena)
            throws ConversionRefused {
        TorchZipReader.byName(dir); // refuses duplicate member names
        List<CheckpointReader.TensorData> tensors = new ArrayList<>();
        for (ZipEntry e : dir.entries()) {
            String name = e.name().substring(0, e.name().length() - 4);
            tensors.add(array(member(file, e, arena), name, "member " + e.name(), arena));
        }
        return new CheckpointReader.Checkpoint(CheckpointReader.Format.NUMPY_ZIP, tensors, Map.of(), List.of());
    }

    private static MemorySegment member(MemorySegment file, ZipEntry e, Arena arena) throws ConversionRefused {
        if (e.encryptionFlagged()) {
            throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name() + " is flagged encrypted");
        }
        if (e.method() == 0) {
            return TorchZipReader.stored(file, e, Long.MAX_VALUE);
        }
        if (e.method() != 8) {
            throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name() + " uses compression method "
                    + e.method() + " (stored and deflate are read)");
        }
        if (e.size() > MAX_INFLATED) {
            throw ConversionRefused.budget(e.localHeaderOffset(), "member " + e.name() + " inflates to " + e.size()
                    + " bytes, more than the limit of " + MAX_INFLATED);
        }
        // Deflate cannot expand more than 1032:1; a larger claim is a lie (and would make us allocate it up front).
        if (e.size() / MAX_DEFLATE_RATIO > e.compressedSize() + 1) {
            throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name() + " declares " + e.size()
                    + " bytes from " + e.compressedSize() + " compressed, beyond what deflate can expand to");
        }
        MemorySegment in = TorchZipReader.bounded(file, e, e.compressedSize(), MAX_INFLATED);
        MemorySegment out = arena.allocate(e.size(), 8);
        inflate(e, in, out);
        CRC32 crc = new CRC32();
        for (long p = 0; p < out.byteSize(); p += CHUNK) {
            crc.update(out.asSlice(p, Math.min(CHUNK, out.byteSize() - p)).asByteBuffer());
        }
        if (crc.getValue() != e.crc()) {
            throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name() + " fails its CRC-32 check");
        }
        return out.asReadOnly();
    }

    /** Inflates a raw deflate member into exactly {@code out.byteSize()} bytes, in chunks of at most 1 GiB. */
    private static void inflate(ZipEntry e, MemorySegment in, MemorySegment out) throws ConversionRefused {
        Inflater inf = new Inflater(true);
        try {
            long inPos = 0;
            long outPos = 0;
            while (!inf.finished()) {
                if (inf.needsInput()) {
                    if (inPos == in.byteSize()) {
                        throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name()
                                + " ends inside its deflate stream");
                    }
                    long n = Math.min(CHUNK, in.byteSize() - inPos);
                    inf.setInput(in.asSlice(inPos, n).asByteBuffer());
                    inPos += n;
                }
                int n = outPos == out.byteSize() ? inf.inflate(new byte[1])
                        : inf.inflate(out.asSlice(outPos, Math.min(CHUNK, out.byteSize() - outPos)).asByteBuffer());
                if (outPos == out.byteSize() && n > 0) {
                    throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name()
                            + " inflates to more than the " + e.size() + " bytes its header declares");
                }
                outPos += n;
                if (n == 0 && inf.needsDictionary()) {
                    throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name()
                            + " needs a preset dictionary");
                }
            }
            if (outPos != out.byteSize()) {
                throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name() + " inflates to "
                        + outPos + " bytes, its header declares " + e.size());
            }
        } catch (DataFormatException ex) {
            throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name()
                    + " is not valid deflate data: " + ex.getMessage());
        } finally {
            inf.end();
        }
    }

    /** One array: header, dtype, exact data size, then C order and little-endian bytes. */
    private static CheckpointReader.TensorData array(MemorySegment bytes, String name, String where, Arena arena)
            throws ConversionRefused {
        NpyHeader h;
        try {
            h = NpyHeader.parse(new Blob(name, bytes));
        } catch (ScanAbort e) {
            throw ConversionRefused.unsupported(e.offset(), where + ": " + e.getMessage());
        }
        if (!(h.descr() instanceof PyLiteral.Str(String descr))) {
            throw ConversionRefused.unsupported(h.dataOffset(), where + ": structured dtype (not a tensor)");
        }
        Matcher m = TYPESTR.matcher(descr);
        Dtype dtype = m.matches() ? KINDS.get(m.group(2) + m.group(3)) : null;
        if (dtype == null) {
            throw ConversionRefused.unsupported(h.dataOffset(), where + ": dtype '" + descr + "' has no safetensors"
                    + " equivalent" + (descr.contains("O") ? " (an object array: its data is a pickle)" : ""));
        }
        long expected = h.expectedDataBytes().orElseThrow(() -> ConversionRefused.unsupported(h.dataOffset(),
                where + ": shape " + h.shape() + " overflows"));
        long actual = bytes.byteSize() - h.dataOffset();
        if (actual != expected) {
            throw ConversionRefused.unsupported(h.dataOffset(), where + ": shape " + h.shape() + " of " + descr
                    + " needs " + expected + " data bytes, the file has " + actual);
        }
        List<Long> shape = h.shape();
        // Fortran order: the first axis varies fastest; the Materialiser then copies to C order.
        List<Long> stride = new ArrayList<>(java.util.Collections.nCopies(shape.size(), 0L));
        long step = 1;
        for (int i = 0; i < shape.size(); i++) {
            int axis = h.fortranOrder() ? i : shape.size() - 1 - i;
            stride.set(axis, step);
            step *= Math.max(shape.get(axis), 1);
        }
        long numel = expected / (dtype.bits() / 8);
        Value.TensorRef ref = new Value.TensorRef(new Value.Storage(name, dtype, "numpy", numel), 0, shape, stride);
        MemorySegment data = Materialiser.contiguous(name, ref, bytes.asSlice(h.dataOffset()), arena);
        if (m.group(1).equals(">") && dtype.bits() > 8) {
            data = swapped(data, dtype == Dtype.C64 ? 4 : dtype.bits() / 8, arena);
        }
        return new CheckpointReader.TensorData(name, dtype, shape, data);
    }

    private static MemorySegment swapped(MemorySegment in, int unit, Arena arena) {
        MemorySegment out = arena.allocate(in.byteSize(), 8);
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        for (long p = 0; p < in.byteSize(); p += unit) {
            switch (unit) {
                case 2 -> out.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(le), p,
                        in.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(be), p));
                case 4 -> out.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(le), p,
                        in.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(be), p));
                default -> out.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(le), p,
                        in.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(be), p));
            }
        }
        return out.asReadOnly();
    }
}
