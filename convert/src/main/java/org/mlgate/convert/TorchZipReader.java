package org.mlgate.convert;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlgate.scan.container.TimeCheck;
import org.mlgate.scan.container.ZipDirectory;
import org.mlgate.scan.container.ZipEntry;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;

/**
 * Reads a PyTorch zip checkpoint ({@code torch.save} since 1.6): the archive is read with the scanner's ZIP reader
 * (PyTorch's member semantics), {@code <prefix>/data.pkl} is copied out and interpreted by
 * {@link PickleInterpreter} (allowlisted reconstruction only), and every storage is the stored member
 * {@code <prefix>/data/<key>} — a zero-copy slice of the input.
 *
 * <p>TorchScript archives (their pickles use {@code __torch__} classes) and compressed or encrypted members are
 * refused.
 */
final class TorchZipReader {
    /** Largest data.pkl read (it holds structure, not weights). */
    static final long MAX_PICKLE = 256L << 20;
    /** Most archive members considered. */
    static final int MAX_MEMBERS = 1_000_000;

    private TorchZipReader() {
    }

    static ZipDirectory directory(MemorySegment file) throws ConversionRefused {
        try {
            return ZipDirectory.read(new Blob("checkpoint", file), MAX_MEMBERS, TimeCheck.NONE);
        } catch (ScanAbort e) {
            throw ConversionRefused.unsupported(e.offset(), "not a readable zip archive: " + e.getMessage());
        }
    }

    static Map<String, ZipEntry> byName(ZipDirectory dir) throws ConversionRefused {
        if (dir.entries().isEmpty()) {
            throw ConversionRefused.unsupported(-1, "empty archive");
        }
        Map<String, ZipEntry> byName = new HashMap<>();
        for (ZipEntry e : dir.entries()) {
            if (byName.put(e.name(), e) != null) {
                throw ConversionRefused.unsupported(e.localHeaderOffset(), "archive has two members named " + e.name());
            }
        }
        return byName;
    }

    static CheckpointReader.Checkpoint read(MemorySegment file, ZipDirectory dir, Arena arena)
            throws ConversionRefused {
        Map<String, ZipEntry> byName = byName(dir);
        // PyTorch's reader takes the record prefix from the first member's name.
        String first = dir.entries().getFirst().name();
        int slash = first.indexOf('/');
        if (slash <= 0) {
            throw ConversionRefused.unsupported(-1, "first member " + first + " is not under a record prefix");
        }
        String prefix = first.substring(0, slash);
        if (byName.containsKey(prefix + "/constants.pkl")) {
            throw ConversionRefused.unsupported(-1, "a TorchScript archive (" + prefix + "/constants.pkl): its "
                    + "module classes are code; convert a torch.save of its state_dict instead");
        }
        ZipEntry pkl = byName.get(prefix + "/data.pkl");
        if (pkl == null) {
            throw ConversionRefused.unsupported(-1, "no " + prefix + "/data.pkl in the archive");
        }
        ZipEntry order = byName.get(prefix + "/byteorder");
        if (order != null) {
            String bo = new String(stored(file, order, 16).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
            if (!bo.equals("little")) {
                throw ConversionRefused.unsupported(order.localHeaderOffset(), "storages in byte order " + bo);
            }
        }
        // Interpret a private copy: the bytes interpreted are the bytes handed back for scanning.
        byte[] pickle = stored(file, pkl, MAX_PICKLE).toArray(ValueLayout.JAVA_BYTE);
        Flattener.Flat flat = Flattener.flatten(PickleInterpreter.run(pickle));
        TensorAssembler.Assembled a = TensorAssembler.assemble(flat, (name, s) -> {
            ZipEntry member = byName.get(prefix + "/data/" + s.key());
            if (member == null) {
                throw ConversionRefused.unsupported(-1, "tensor " + name + ": no member " + prefix + "/data/"
                        + s.key());
            }
            return stored(file, member, Long.MAX_VALUE);
        }, arena);
        return new CheckpointReader.Checkpoint(CheckpointReader.Format.PYTORCH_ZIP, a.tensors(), a.metadata(),
                List.of(new CheckpointReader.Pickle(prefix + "/data.pkl", pickle)));
    }

    /** A stored member's bytes as a slice of the file. */
    static MemorySegment stored(MemorySegment file, ZipEntry e, long max) throws ConversionRefused {
        if (e.encryptionFlagged()) {
            throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name() + " is flagged encrypted");
        }
        if (e.method() != 0 || e.compressedSize() != e.size()) {
            throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name()
                    + " is compressed (method " + e.method() + "); torch.save stores members uncompressed");
        }
        return bounded(file, e, e.size(), max);
    }

    /** The member's raw (possibly compressed) bytes, checked to lie inside the file. */
    static MemorySegment bounded(MemorySegment file, ZipEntry e, long length, long max) throws ConversionRefused {
        if (e.dataOffset() < 0 || e.dataOffset() > file.byteSize() || length > file.byteSize() - e.dataOffset()) {
            throw ConversionRefused.unsupported(e.localHeaderOffset(), "member " + e.name()
                    + " runs past the end of the file" + (e.localProblem() != null ? ": " + e.localProblem() : ""));
        }
        if (e.size() > max) {
            throw ConversionRefused.budget(e.localHeaderOffset(), "member " + e.name() + " has " + e.size()
                    + " bytes, more than the limit of " + max);
        }
        return file.asSlice(e.dataOffset(), length);
    }
}
