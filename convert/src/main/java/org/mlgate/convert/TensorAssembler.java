package org.mlgate.convert;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a flattened PyTorch object tree into tensors, whatever container held the storages (zip members or the
 * legacy file's data region): one storage key must always mean the same storage, every view is materialised in
 * C order, and a tensor reached under a second name is recorded as {@code "alias of <first>"}.
 */
final class TensorAssembler {
    /** The bytes of a storage, given its key; throws when the container does not hold it. */
    @FunctionalInterface
    interface StorageBytes {
        MemorySegment bytes(String tensorName, Value.Storage storage) throws ConversionRefused;
    }

    record Assembled(List<CheckpointReader.TensorData> tensors, Map<String, String> metadata) { }

    private TensorAssembler() {
    }

    static Assembled assemble(Flattener.Flat flat, StorageBytes source, Arena arena) throws ConversionRefused {
        List<CheckpointReader.TensorData> tensors = new ArrayList<>();
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
            String other = seen.putIfAbsent(t, name);
            if (other != null) {
                metadata.put(name, "alias of " + other);
            }
            Materialiser.View v = Materialiser.view(name, t, source.bytes(name, s), arena);
            tensors.add(new CheckpointReader.TensorData(name, t.dtype(), t.shape(), v.bytes(), v.storageBytes(),
                    v.data()));
        }
        return new Assembled(tensors, metadata);
    }
}
