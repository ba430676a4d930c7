package org.mlgate.convert;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a legacy PyTorch file ({@code torch.save(..., _use_new_zipfile_serialization=False)}, the only format
 * before 1.6): five pickles back to back — the magic number {@code 0x1950a86a20f9469cfc6c}, the protocol version
 * 1001, a {@code sys_info} dict (which must say little-endian), the object tree (storages as persistent ids
 * {@code ('storage', torch.XStorage, key, location, numel, None)}) and the list of storage keys — then, for each
 * key in that order, its element count as a little-endian int64 and its raw bytes.
 *
 * <p>The pickles are first walked over the mapped file only to find where they end; that prefix is then copied and
 * interpreted again, so the pickles handed back for scanning are exactly the bytes interpreted. The pre-0.4 tar
 * format and storage views are refused; bytes after the last storage are refused too.
 */
final class LegacyTorchReader {
    static final long MAX_PICKLES = 256L << 20;
    static final int PROTOCOL_VERSION = 1001;
    /** LONG1 of 10 bytes holding 0x1950a86a20f9469cfc6c, little-endian: the magic number pickle's body. */
    private static final byte[] MAGIC_LONG = {(byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9,
        0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};

    private record Header(Value root, List<String> keys, long end) { }

    private LegacyTorchReader() {
    }

    static CheckpointReader.Checkpoint read(MemorySegment file, Arena arena) throws ConversionRefused {
        long end = header(file).end();
        if (end > MAX_PICKLES) {
            throw ConversionRefused.budget(0, "legacy pickles of " + end + " bytes (limit " + MAX_PICKLES + ")");
        }
        byte[] copy = file.asSlice(0, end).toArray(ValueLayout.JAVA_BYTE);
        Header h = header(MemorySegment.ofArray(copy));
        if (h.end() != end) {
            throw ConversionRefused.unsupported(0, "the file changed while it was read");
        }
        Flattener.Flat flat = Flattener.flatten(h.root());
        Map<String, MemorySegment> data = storages(file, h, flat);
        TensorAssembler.Assembled a = TensorAssembler.assemble(flat, (name, s) -> data.get(s.key()), arena);
        return new CheckpointReader.Checkpoint(CheckpointReader.Format.PYTORCH_LEGACY, a.tensors(), a.metadata(),
                List.of(new CheckpointReader.Pickle("legacy pickles", copy)));
    }

    private static Header header(MemorySegment in) throws ConversionRefused {
        long pos = magic(in);
        PickleInterpreter.Result version = PickleInterpreter.run(in, pos);
        if (!(version.value() instanceof Value.Int(long v)) || v != PROTOCOL_VERSION) {
            throw ConversionRefused.unsupported(pos, "legacy protocol version " + version.value() + " (expected "
                    + PROTOCOL_VERSION + ")");
        }
        PickleInterpreter.Result sysInfo = PickleInterpreter.run(in, version.end());
        if (!(sysInfo.value() instanceof Value.Dict d)
                || !(d.entries().get(new Value.Str("little_endian")) instanceof Value.Bool(boolean little))) {
            throw ConversionRefused.unsupported(version.end(), "legacy sys_info is not a dict with little_endian");
        }
        if (!little) {
            throw ConversionRefused.unsupported(version.end(), "written on a big-endian machine (not supported)");
        }
        PickleInterpreter.Result main = PickleInterpreter.run(in, sysInfo.end());
        PickleInterpreter.Result keys = PickleInterpreter.run(in, main.end());
        if (!(keys.value() instanceof Value.PyList list)) {
            throw ConversionRefused.unsupported(main.end(), "legacy storage keys are a "
                    + PickleInterpreter.kind(keys.value()) + ", not a list");
        }
        List<String> names = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (Value k : list.items()) {
            if (!(k instanceof Value.Str(String key)) || !distinct.add(key)) {
                throw ConversionRefused.unsupported(main.end(), "legacy storage key " + k
                        + " is not a string or is listed twice");
            }
            names.add(key);
        }
        return new Header(main.value(), names, keys.end());
    }

    /** Checks the magic-number pickle (PROTO, an optional FRAME, LONG1 magic, STOP); returns where it ends. */
    private static long magic(MemorySegment in) throws ConversionRefused {
        long pos = 0;
        if (in.byteSize() < 2 || u8(in, 0) != 0x80 || u8(in, 1) < 2 || u8(in, 1) > 5) {
            throw ConversionRefused.unsupported(0, "not a PyTorch checkpoint (no pickle protocol 2 to 5 header)");
        }
        pos = 2;
        if (pos < in.byteSize() && u8(in, pos) == 0x95) {
            pos += 9;
        }
        if (pos + MAGIC_LONG.length + 1 > in.byteSize()) {
            throw ConversionRefused.unsupported(pos, "not a PyTorch checkpoint (a pickle too short to hold PyTorch's magic number)");
        }
        for (int i = 0; i < MAGIC_LONG.length; i++) {
            if (in.get(ValueLayout.JAVA_BYTE, pos + i) != MAGIC_LONG[i]) {
                throw ConversionRefused.unsupported(pos, "a pickle, but not a PyTorch checkpoint (no PyTorch magic"
                        + " number at its start)");
            }
        }
        pos += MAGIC_LONG.length;
        if (u8(in, pos) != '.') {
            throw ConversionRefused.unsupported(pos, "legacy magic-number pickle does not end with STOP");
        }
        return pos + 1;
    }

    /** Slices every storage out of the data region, checking each one's recorded element count. */
    private static Map<String, MemorySegment> storages(MemorySegment file, Header h, Flattener.Flat flat)
            throws ConversionRefused {
        Map<String, Value.Storage> referenced = new HashMap<>();
        for (Value.TensorRef t : flat.tensors().values()) {
            referenced.putIfAbsent(t.storage().key(), t.storage());
        }
        Map<String, MemorySegment> out = new HashMap<>();
        long pos = h.end();
        for (String key : h.keys()) {
            Value.Storage s = referenced.get(key);
            if (s == null) {
                throw ConversionRefused.unsupported(pos, "storage " + key + " is listed but no tensor uses it");
            }
            if (pos + 8 > file.byteSize()) {
                throw ConversionRefused.unsupported(pos, "file ends before storage " + key);
            }
            long numel = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), pos);
            if (numel != s.numel()) {
                throw ConversionRefused.unsupported(pos, "storage " + key + " records " + numel
                        + " elements, the pickle " + s.numel());
            }
            long bytes;
            try {
                bytes = Math.multiplyExact(numel, s.dtype().bits() / 8);
            } catch (ArithmeticException e) {
                throw ConversionRefused.unsupported(pos, "storage " + key + " of " + numel + " elements");
            }
            if (bytes > file.byteSize() - pos - 8) {
                throw ConversionRefused.unsupported(pos, "storage " + key + " (" + bytes
                        + " bytes) runs past the end of the file");
            }
            out.put(key, file.asSlice(pos + 8, bytes));
            pos += 8 + bytes;
        }
        for (String key : referenced.keySet()) {
            if (!out.containsKey(key)) {
                throw ConversionRefused.unsupported(h.end(), "storage " + key + " is used but not in the file");
            }
        }
        if (pos != file.byteSize()) {
            throw ConversionRefused.unsupported(pos, (file.byteSize() - pos) + " bytes after the last storage");
        }
        return out;
    }

    private static int u8(MemorySegment in, long at) {
        return in.get(ValueLayout.JAVA_BYTE, at) & 0xff;
    }
}
