package org.mlgate.convert;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlgate.scan.container.TimeCheck;
import org.mlgate.scan.container.ZipDirectory;
import org.mlgate.scan.container.ZipEntry;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.tensors.Dtype;

/**
 * Reads a PyTorch zip checkpoint ({@code torch.save} since 1.6) without executing anything: the archive is read
 * with the scanner's ZIP reader (PyTorch's member semantics), {@code <prefix>/data.pkl} is interpreted by
 * {@link PickleInterpreter} (allowlisted reconstruction only), the object tree is flattened into dotted names
 * ({@link Flattener}) and every tensor is materialised as C-contiguous little-endian bytes from the stored member
 * {@code <prefix>/data/<key>} — a zero-copy slice of the input when the view is already contiguous, a copy that
 * honours offset and strides otherwise.
 *
 * <p>Legacy (pre-1.6, non-zip) files, TorchScript archives (their pickles use {@code __torch__} classes) and
 * compressed or encrypted members are refused.
 */
public final class CheckpointReader {
    /** Largest data.pkl read (it holds structure, not weights). */
    public static final long MAX_PICKLE = 256L << 20;
    /** Most archive members considered. */
    public static final int MAX_MEMBERS = 1_000_000;

    /** A materialised tensor: {@code data} holds exactly numel × element size bytes, little-endian. */
    public record TensorData(String name, Dtype dtype, List<Long> shape, MemorySegment data) {
        public TensorData {
            shape = List.copyOf(shape);
        }
    }

    /**
     * What a checkpoint holds.
     *
     * @param prefix   the archive's record prefix ({@code archive} for most files)
     * @param root     the rebuilt pickle object
     * @param tensors  the tensors in pickle order, under their dotted names
     * @param metadata non-tensor leaves as JSON text, and {@code "alias of <name>"} for tied tensors
     */
    public record Checkpoint(String prefix, Value root, List<TensorData> tensors, Map<String, String> metadata) {
        public Checkpoint {
            tensors = List.copyOf(tensors);
            metadata = Map.copyOf(metadata);
        }
    }

    private CheckpointReader() {
    }

    /**
     * Reads a checkpoint held in {@code file}; tensor data are slices of {@code file} or allocated in
     * {@code arena}, so both must outlive the result's use.
     */
    public static Checkpoint read(MemorySegment file, Arena arena) throws ConversionRefused {
        Blob blob = new Blob("checkpoint", file);
        ZipDirectory dir;
        try {
            dir = ZipDirectory.read(blob, MAX_MEMBERS, TimeCheck.NONE);
        } catch (ScanAbort e) {
            throw ConversionRefused.unsupported(e.offset(), "not a readable PyTorch zip checkpoint: " + e.getMessage());
        }
        if (dir.entries().isEmpty()) {
            throw ConversionRefused.unsupported(-1, "empty archive");
        }
        Map<String, ZipEntry> byName = new HashMap<>();
        for (ZipEntry e : dir.entries()) {
            if (byName.put(e.name(), e) != null) {
                throw ConversionRefused.unsupported(e.localHeaderOffset(), "archive has two members named " + e.name());
            }
        }
        // PyTorch's reader takes the record prefix from the first member's name.
        String first = dir.entries().getFirst().name();
        int slash = first.indexOf('/');
        if (slash <= 0) {
            throw ConversionRefused.unsupported(-1, "first member " + first + " is not under a record prefix");
        }
        String prefix = first.substring(0, slash);
        ZipEntry pkl = byName.get(prefix + "/data.pkl");
        if (pkl == null) {
            throw ConversionRefused.unsupported(-1, "no " + prefix + "/data.pkl in the archive"
                    + (byName.containsKey(prefix + "/constants.pkl") ? " (a TorchScript archive)" : ""));
        }
        ZipEntry order = byName.get(prefix + "/byteorder");
        if (order != null) {
            String bo = new String(member(file, order, 16).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
            if (!bo.equals("little")) {
                throw ConversionRefused.unsupported(order.localHeaderOffset(), "storages in byte order " + bo);
            }
        }
        byte[] pickle = member(file, pkl, MAX_PICKLE).toArray(ValueLayout.JAVA_BYTE);
        Value root = PickleInterpreter.run(pickle);
        Flattener.Flat flat = Flattener.flatten(root);

        List<TensorData> tensors = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>(flat.metadata());
        Map<String, Value.Storage> storages = new HashMap<>();
        Map<Value.TensorRef, String> seen = new HashMap<>();
        for (Map.Entry<String, Value.TensorRef> e : flat.tensors().entrySet()) {
            String name = e.getKey();
            Value.TensorRef t = e.getValue();
            Value.Storage s = t.storage();
            Value.Storage before = storages.putIfAbsent(s.key(), s);
            if (before != null && !before.equals(s)) {
                throw ConversionRefused.unsupported(-1, "storage " + s.key() + " is referenced as " + before
                        + " and as " + s);
            }
            ZipEntry member = byName.get(prefix + "/data/" + s.key());
            if (member == null) {
                throw ConversionRefused.unsupported(-1, "tensor " + name + ": no member " + prefix + "/data/"
                        + s.key());
            }
            String other = seen.putIfAbsent(t, name);
            if (other != null) {
                metadata.put(name, "alias of " + other);
            }
            tensors.add(new TensorData(name, t.dtype(), t.shape(),
                    Materialiser.contiguous(name, t, member(file, member, Long.MAX_VALUE), arena)));
        }
        return new Checkpoint(prefix, root, tensors, metadata);
    }

    /** A stored member's bytes as a slice of the file. */
    private static MemorySegment member(MemorySegment file, ZipEntry e, long max) throws ConversionRefused {
        Objects.requireNonNull(e);
        if (e.encryptionFlagged()) {
            throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name() + " is flagged encrypted");
        }
        if (e.method() != 0 || e.compressedSize() != e.size()) {
            throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name()
                    + " is compressed (method " + e.method() + "); torch.save stores members uncompressed");
        }
        if (e.dataOffset() < 0 || e.dataOffset() > file.byteSize() || e.size() > file.byteSize() - e.dataOffset()) {
            throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name()
                    + " runs past the end of the file" + (e.localProblem() != null ? ": " + e.localProblem() : ""));
        }
        if (e.size() > max) {
            throw ConversionRefused.budget(e.localHeaderOffset(), "member " + e.name() + " has " + e.size()
                    + " bytes, more than the limit of " + max);
        }
        return file.asSlice(e.dataOffset(), e.size());
    }
}
