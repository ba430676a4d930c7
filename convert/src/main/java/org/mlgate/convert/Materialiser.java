package org.mlgate.convert;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Supplier;

/** Turns a strided tensor view of a storage into C-contiguous bytes. */
final class Materialiser {
    private Materialiser() {
    }

    /**
     * The bytes of {@code t} in C order: a slice of {@code storage} when the view is contiguous there, else a copy
     * allocated in {@code arena}. Every element the view touches must lie inside the storage's numel and the
     * member's bytes.
     */
    static MemorySegment contiguous(String name, Value.TensorRef t, MemorySegment storage, Arena arena)
            throws ConversionRefused {
        return view(name, t, storage, arena).data().get();
    }

    /**
     * A checked view: its size in bytes, the bytes of the storage it reads, and its C-order bytes on demand (copied
     * only when asked for, once), so a view far larger than its storage can be listed or refused without being built.
     */
    record View(long bytes, long storageBytes, Supplier<MemorySegment> data) { }

    static View view(String name, Value.TensorRef t, MemorySegment storage, Arena arena) throws ConversionRefused {
        int esize = t.dtype().bits() / 8;
        long numelStorage = t.storage().numel();
        long storageBytes;
        try {
            storageBytes = Math.multiplyExact(numelStorage, esize);
        } catch (ArithmeticException e) {
            throw ConversionRefused.unsupported(-1, "tensor " + name + ": storage of " + numelStorage + " elements");
        }
        if (storage.byteSize() < storageBytes) {
            throw ConversionRefused.unsupported(-1, "tensor " + name + ": storage " + t.storage().key() + " declares "
                    + numelStorage + " elements (" + storageBytes + " bytes), its member has " + storage.byteSize());
        }
        List<Long> shape = t.shape();
        List<Long> stride = t.stride();
        int rank = shape.size();
        long count = 1;
        long last = t.storageOffset(); // highest element index the view reaches
        boolean cOrder = true;
        long expect = 1;
        try {
            for (int i = rank - 1; i >= 0; i--) {
                long n = shape.get(i);
                count = Math.multiplyExact(count, n);
                if (n > 1) {
                    last = Math.addExact(last, Math.multiplyExact(n - 1, stride.get(i)));
                    if (stride.get(i) != expect) {
                        cOrder = false;
                    }
                }
                expect = Math.multiplyExact(expect, Math.max(n, 1));
            }
        } catch (ArithmeticException e) {
            throw ConversionRefused.unsupported(-1, "tensor " + name + ": shape " + shape + " with stride " + stride
                    + " overflows");
        }
        if (count == 0) {
            MemorySegment empty = MemorySegment.ofArray(new byte[0]);
            return new View(0, storageBytes, () -> empty);
        }
        if (last >= numelStorage) {
            throw ConversionRefused.unsupported(-1, "tensor " + name + ": view (offset " + t.storageOffset()
                    + ", shape " + shape + ", stride " + stride + ") reaches element " + last + " of a storage of "
                    + numelStorage);
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, esize);
        } catch (ArithmeticException e) {
            throw ConversionRefused.unsupported(-1, "tensor " + name + ": " + count + " elements overflow a size");
        }
        if (cOrder) {
            MemorySegment slice = storage.asSlice(t.storageOffset() * esize, bytes).asReadOnly();
            return new View(bytes, storageBytes, () -> slice);
        }
        long n = count;
        MemorySegment[] built = new MemorySegment[1];
        return new View(bytes, storageBytes, () -> {
            if (built[0] == null) {
                built[0] = copy(t, storage, arena, n, esize);
            }
            return built[0];
        });
    }

    private static MemorySegment copy(Value.TensorRef t, MemorySegment storage, Arena arena, long count, int esize) {
        List<Long> shape = t.shape();
        List<Long> stride = t.stride();
        int rank = shape.size();
        MemorySegment out = arena.allocate(count * esize, 8);
        long inner = rank == 0 ? 1 : shape.get(rank - 1);
        long innerStride = rank == 0 ? 1 : stride.get(rank - 1);
        long[] index = new long[Math.max(rank - 1, 0)];
        long dst = 0;
        while (true) {
            long src = t.storageOffset();
            for (int i = 0; i < index.length; i++) {
                src += index[i] * stride.get(i);
            }
            if (innerStride == 1) {
                MemorySegment.copy(storage, src * esize, out, dst, inner * esize);
                dst += inner * esize;
            } else {
                for (long j = 0; j < inner; j++) {
                    MemorySegment.copy(storage, (src + j * innerStride) * esize, out, dst, esize);
                    dst += esize;
                }
            }
            int d = index.length - 1;
            while (d >= 0 && ++index[d] == shape.get(d)) {
                index[d] = 0;
                d--;
            }
            if (d < 0) {
                return out.asReadOnly();
            }
        }
    }
}
