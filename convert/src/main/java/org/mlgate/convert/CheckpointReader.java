package org.mlgate.convert;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mlgate.scan.container.ZipDirectory;
import org.mlgate.scan.container.ZipEntry;
import org.mlgate.tensors.Dtype;

/**
 * Reads the tensors of a checkpoint without executing anything, whatever its format — told apart by content,
 * never by file name: a PyTorch zip checkpoint ({@link TorchZipReader}), a legacy pre-1.6 PyTorch file
 * ({@link LegacyTorchReader}), a NumPy {@code .npy} array or a {@code .npz} archive of them
 * ({@link NumpyReader}).
 */
public final class CheckpointReader {
    /** The formats read. */
    public enum Format {
        PYTORCH_ZIP("PyTorch zip checkpoint"), PYTORCH_LEGACY("legacy PyTorch file (before 1.6)"),
        NUMPY("NumPy .npy array"), NUMPY_ZIP("NumPy .npz archive");

        private final String description;

        Format(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * A tensor: {@code data()} holds exactly numel × element size bytes ({@code byteSize}), little-endian, C order,
     * built on first use for a strided view; {@code storageBytes} is the size of the storage it was read from, so a
     * view many times larger than its storage can be refused before it is built.
     */
    public record TensorData(String name, Dtype dtype, List<Long> shape, long byteSize, long storageBytes,
                             Supplier<MemorySegment> source) {
        public TensorData {
            shape = List.copyOf(shape);
        }

        /** A tensor whose bytes are already there. */
        public TensorData(String name, Dtype dtype, List<Long> shape, MemorySegment data) {
            this(name, dtype, shape, data.byteSize(), data.byteSize(), () -> data);
        }

        /** The bytes, built now if this is a strided view (which may allocate {@link #byteSize()} bytes). */
        public MemorySegment data() {
            return source.get();
        }
    }

    /** A pickle that was interpreted, as the exact bytes interpreted (so they can be scanned as such). */
    public record Pickle(String name, byte[] bytes) { }

    /**
     * What a checkpoint holds.
     *
     * @param format   what the file was read as
     * @param tensors  the tensors in file order, under their names
     * @param metadata non-tensor leaves as JSON text, and {@code "alias of <name>"} for tied tensors
     * @param pickles  the pickles interpreted to find them (none for NumPy arrays)
     */
    public record Checkpoint(Format format, List<TensorData> tensors, Map<String, String> metadata,
                             List<Pickle> pickles) {
        public Checkpoint {
            tensors = List.copyOf(tensors);
            metadata = Map.copyOf(metadata);
            pickles = List.copyOf(pickles);
        }
    }

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private CheckpointReader() {
    }

    /**
     * Reads a checkpoint held in {@code file}; tensor data are slices of {@code file} or allocated in
     * {@code arena}, so both must outlive the result's use. {@code name} is the file's name, used to name the one
     * array of a {@code .npy} file (its name without the extension).
     */
    public static Checkpoint read(MemorySegment file, String name, Arena arena) throws ConversionRefused {
        if (startsWith(file, NPY_MAGIC)) {
            return NumpyReader.readNpy(file, NumpyReader.arrayName(name), arena);
        }
        if (startsWith(file, new byte[] {'P', 'K'})) {
            ZipDirectory dir = TorchZipReader.directory(file);
            if (!dir.entries().isEmpty() && dir.entries().stream().map(ZipEntry::name).allMatch(n -> n.endsWith(".npy"))) {
                return NumpyReader.readNpz(file, dir, arena);
            }
            return TorchZipReader.read(file, dir, arena);
        }
        if (file.byteSize() > 0 && (file.get(ValueLayout.JAVA_BYTE, 0) & 0xff) == 0x80) {
            return LegacyTorchReader.read(file, arena);
        }
        throw ConversionRefused.unsupported(0, "not a PyTorch checkpoint (zip or legacy) nor a NumPy .npy/.npz file");
    }

    /** Whether the file starts like a format read here (ZIP, .npy or pickle magic); safetensors files do not. */
    public static boolean recognises(MemorySegment file) {
        return startsWith(file, NPY_MAGIC) || startsWith(file, new byte[] {'P', 'K'})
                || file.byteSize() > 0 && (file.get(ValueLayout.JAVA_BYTE, 0) & 0xff) == 0x80;
    }

    /** Reads a PyTorch zip checkpoint (kept for callers that know the format). */
    public static Checkpoint read(MemorySegment file, Arena arena) throws ConversionRefused {
        return read(file, "checkpoint", arena);
    }

    static boolean startsWith(MemorySegment file, byte[] magic) {
        if (file.byteSize() < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (file.get(ValueLayout.JAVA_BYTE, i) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
