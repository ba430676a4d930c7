package org.mlgate.scan.gguf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.mlgate.scan.engine.ScanAbort;

/**
 * Checks tensor infos against the data section the way llama.cpp lays it out: each tensor's data starts
 * at an aligned offset, right after the previous tensor's padded data, inside the file, and holds whole
 * quantisation blocks. Data past the end of the file is malformed (a truncated file); everything else a
 * loader might refuse or read differently is an {@link Issue}. Only infos are used, never tensor data.
 */
final class GgufLayout {
    /** llama.cpp's GGML_MAX_NAME: longer tensor names are refused. */
    static final int MAX_NAME = 64;

    /** A layout inconsistency: where (the tensor info), which tensor and what. */
    record Issue(long offset, String at, String message) { }

    private GgufLayout() {
    }

    /** Issues go to {@code issues} as they are found, so those before a malformed tensor are kept. */
    static void check(GgufFile f, long fileSize, Consumer<Issue> issues) throws ScanAbort {
        if (f.tensors().isEmpty()) {
            return;
        }
        if (f.dataStart() > fileSize) {
            throw ScanAbort.malformed(f.infosEnd(), "the data section would start at " + f.dataStart()
                    + ", past the end of the file (" + fileSize + " bytes)");
        }
        long dataBytes = fileSize - f.dataStart();
        Set<String> names = new HashSet<>();
        List<long[]> extents = new ArrayList<>();
        long expected = 0;
        boolean contiguous = true;
        for (GgufTensor t : f.tensors()) {
            String at = "tensor '" + GgufFile.printable(t.name()) + "'";
            if (!names.add(t.name())) {
                issues.accept(new Issue(t.infoOffset(), at, "duplicate tensor name; llama.cpp refuses the file, "
                        + "other readers keep the first or the last"));
            }
            if (t.nameBytes() >= MAX_NAME) {
                issues.accept(new Issue(t.infoOffset(), at, "name of " + t.nameBytes() + " bytes; llama.cpp refuses "
                        + "names of " + MAX_NAME + " bytes or more"));
            }
            if (t.offset() % f.alignment() != 0) {
                issues.accept(new Issue(t.infoOffset(), at, "data offset " + t.offset() + " is not a multiple of the "
                        + "alignment " + f.alignment()));
            }
            Optional<GgmlType> type = GgmlType.of(t.type());
            if (type.isEmpty()) {
                issues.accept(new Issue(t.infoOffset(), at, "unknown or removed ggml type " + t.type()
                        + "; its size cannot be checked"));
                contiguous = false;
                continue;
            }
            long size = bytes(t, type.get(), issues, at);
            long end = t.offset() + size;
            if (end < 0 || end > dataBytes) {
                throw ScanAbort.malformed(t.infoOffset(), at + " data [" + (f.dataStart() + t.offset()) + ", "
                        + (end < 0 ? "2^63+" : String.valueOf(f.dataStart() + end)) + ") runs past the end of the "
                        + "file (" + fileSize + " bytes): truncated or corrupt");
            }
            if (contiguous && t.offset() != expected) {
                issues.accept(new Issue(t.infoOffset(), at, "data offset " + t.offset() + " where llama.cpp expects "
                        + expected + " (tensor data must follow in info order, each padded to the alignment)"));
                contiguous = false;
            }
            expected = pad(end, f.alignment());
            extents.add(new long[] {t.offset(), end, t.infoOffset()});
        }
        extents.sort(Comparator.comparingLong((long[] e) -> e[0]).thenComparingLong(e -> e[1]));
        long maxEnd = 0;
        for (int i = 0; i < extents.size(); i++) {
            long[] e = extents.get(i);
            if (i > 0 && e[0] < maxEnd && e[1] > e[0]) {
                issues.accept(new Issue(e[2], "tensor data", "tensor data at data offset " + e[0]
                        + " overlaps earlier tensor data ending at " + maxEnd));
            }
            maxEnd = Math.max(maxEnd, e[1]);
        }
        if (contiguous && dataBytes - pad(maxEnd, f.alignment()) > 0) {
            long extra = dataBytes - pad(maxEnd, f.alignment());
            issues.accept(new Issue(f.dataStart() + maxEnd, "data section", extra + " bytes after the last tensor's "
                    + "data that no tensor info refers to"));
        }
    }

    /** The tensor's data size (ggml_nbytes for contiguous tensors); rows must be whole blocks. */
    private static long bytes(GgufTensor t, GgmlType type, Consumer<Issue> issues, String at) throws ScanAbort {
        long elements = 1;
        for (long d : t.dims()) {
            if (d == 0) {
                return 0;
            }
        }
        long ne0 = t.dims().isEmpty() ? 1 : t.dims().getFirst();
        if (ne0 % type.blockSize() != 0) {
            issues.accept(new Issue(t.infoOffset(), at, "first dimension " + ne0 + " is not a multiple of the "
                    + type.name() + " block size " + type.blockSize() + "; llama.cpp refuses the tensor"));
        }
        try {
            for (int i = 1; i < t.dims().size(); i++) {
                elements = Math.multiplyExact(elements, t.dims().get(i));
            }
            long rowBytes = Math.multiplyExact(Math.ceilDiv(ne0, type.blockSize()), (long) type.typeSize());
            return Math.multiplyExact(rowBytes, elements);
        } catch (ArithmeticException e) {
            throw ScanAbort.malformed(t.infoOffset(), at + " of shape " + t.dims() + " and type " + type.name()
                    + " has more than 2^63 bytes");
        }
    }

    private static long pad(long n, long alignment) {
        return n + (alignment - n % alignment) % alignment;
    }
}
