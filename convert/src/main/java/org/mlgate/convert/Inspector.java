package org.mlgate.convert;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlgate.tensors.SafeTensors;
import org.mlgate.tensors.SafetensorsException;
import org.mlgate.tensors.Tensor;

/**
 * Lists what a weights file holds — safetensors (header only), PyTorch zip or legacy checkpoints, NumPy
 * {@code .npy}/{@code .npz}, or a sharded checkpoint's index (every shard) — without executing anything: pickles
 * go through the same allowlisted reconstruction as {@code convert}, so a checkpoint that needs anything else is
 * refused here too. Nothing is written.
 */
public final class Inspector {
    private Inspector() {
    }

    /** One tensor; {@code file} names the shard for a sharded checkpoint, else null. */
    public record Entry(String name, String dtype, List<Long> shape, long elements, long bytes, String file) {
        public Entry {
            shape = List.copyOf(shape);
        }
    }

    /**
     * A file's contents.
     *
     * @param format    {@code safetensors}, or the checkpoint format read
     * @param metadata  safetensors {@code __metadata__}, or the plain values conversion would put there (without
     *                  the {@code "format": "pt"} it adds)
     * @param dataBytes total bytes of tensor data
     */
    public record Listing(String path, String format, Map<String, String> metadata, List<Entry> tensors,
                          long dataBytes) {
        public Listing {
            metadata = Map.copyOf(metadata);
            tensors = List.copyOf(tensors);
        }
    }

    public static Listing inspect(Path path) throws IOException, ConversionRefused, SafetensorsException {
        if (ShardedConversion.isSharded(path)) {
            return sharded(path);
        }
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            if (!CheckpointReader.recognises(file)) {
                try (SafeTensors st = SafeTensors.open(file)) {
                    List<Entry> entries = new ArrayList<>();
                    for (String n : st.tensors()) {
                        Tensor t = st.tensor(n);
                        entries.add(new Entry(n, t.dtype().name(), t.shape(), t.elementCount(), t.byteSize(), null));
                    }
                    return new Listing(path.toString(), "safetensors", st.metadata(), entries,
                            st.header().dataLength());
                }
            }
            CheckpointReader.Checkpoint cp = CheckpointReader.read(file, path.getFileName().toString(), arena);
            return listing(path.toString(), cp, null);
        }
    }

    private static Listing listing(String path, CheckpointReader.Checkpoint cp, String shard) {
        List<Entry> entries = new ArrayList<>();
        long bytes = 0;
        for (CheckpointReader.TensorData t : cp.tensors()) {
            long n = 1;
            for (long d : t.shape()) {
                n *= d;
            }
            entries.add(new Entry(t.name(), t.dtype().name(), t.shape(), n, t.byteSize(), shard));
            bytes += t.byteSize(); // never t.data(): that would build a strided view
        }
        // only what the file holds: conversion's own "format": "pt" (the loaders' convention) is not the file's
        // format, and listing it made an .npz read as "format = pt"; the format is the listing's own field
        Map<String, String> metadata = new LinkedHashMap<>(cp.metadata());
        return new Listing(path, cp.format().description(), metadata, entries, bytes);
    }

    private static Listing sharded(Path in) throws IOException, ConversionRefused {
        Path index = ShardedConversion.indexOf(in);
        ShardIndex idx = ShardIndex.read(index);
        List<Entry> entries = new ArrayList<>();
        long bytes = 0;
        for (String shard : new java.util.LinkedHashSet<>(idx.weightMap().values())) {
            Path p = index.toAbsolutePath().getParent().resolve(shard);
            if (!Files.isRegularFile(p)) {
                throw ConversionRefused.unsupported(-1, "shard " + shard + " named in " + index.getFileName()
                        + " is not a file");
            }
            try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                Listing l = listing(p.toString(), CheckpointReader.read(ch.map(FileChannel.MapMode.READ_ONLY, 0,
                        ch.size(), arena), shard, arena), shard);
                entries.addAll(l.tensors());
                bytes += l.dataBytes();
            }
        }
        return new Listing(index.toString(), "sharded checkpoint (" + idx.weightMap().values().stream().distinct()
                .count() + " shards)", Map.of(), entries, bytes);
    }
}
