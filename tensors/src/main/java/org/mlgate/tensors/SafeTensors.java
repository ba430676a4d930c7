package org.mlgate.tensors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A safetensors file, read without copying: {@link #open(Path)} memory-maps the whole file (any size), validates
 * the header with {@link SafetensorsHeader#parse} and hands out {@link Tensor} views that are read-only slices of
 * the mapping. Opening reads the 8-byte length and the header JSON only; tensor pages are touched when a tensor's
 * data is read.
 *
 * <p>A file-backed instance owns a <em>shared</em> {@link Arena}: its tensors may be read from any thread, and
 * {@link #close()} (from any thread) unmaps the file, after which every segment and tensor obtained from it is
 * invalid (access throws {@link IllegalStateException}). An instance made by {@link #open(MemorySegment)} owns
 * nothing; closing it does nothing and the caller keeps the segment's lifetime.
 */
public final class SafeTensors implements AutoCloseable {
    private final Arena arena;
    private final SafetensorsHeader header;
    private final MemorySegment data;
    private final Map<String, TensorInfo> byName;

    private SafeTensors(Arena arena, MemorySegment file, SafetensorsHeader header) {
        this.arena = arena;
        this.header = header;
        this.data = file.asSlice(header.dataStart(), header.dataLength()).asReadOnly();
        Map<String, TensorInfo> m = new LinkedHashMap<>();
        for (TensorInfo t : header.tensors()) {
            m.put(t.name(), t);
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /** Maps and validates a file. On any failure the mapping is released before the exception propagates. */
    public static SafeTensors open(Path file) throws IOException, SafetensorsException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new SafeTensors(arena, mapped, SafetensorsHeader.parse(mapped));
        } catch (IOException | SafetensorsException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** Validates a whole safetensors file held in memory; the tensors are views of {@code file}. */
    public static SafeTensors open(MemorySegment file) throws SafetensorsException {
        return new SafeTensors(null, file, SafetensorsHeader.parse(file));
    }

    /** The validated header (lengths, offsets). */
    public SafetensorsHeader header() {
        return header;
    }

    /** The {@code __metadata__} strings, in file order (empty if absent). */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** Tensor names in header order. */
    public List<String> tensors() {
        return List.copyOf(byName.keySet());
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** The named tensor; {@link NoSuchElementException} naming it if the file has no such tensor. */
    public Tensor tensor(String name) {
        TensorInfo t = byName.get(name);
        if (t == null) {
            throw new NoSuchElementException("no tensor named '" + name + "' (the file has " + byName.size()
                    + " tensor" + (byName.size() == 1 ? "" : "s") + ")");
        }
        return new Tensor(t, data.asSlice(t.begin(), t.byteLength()));
    }

    /** Unmaps a file-backed instance; a no-op for one opened on a caller's segment. Idempotent. */
    @Override
    public synchronized void close() {
        if (arena != null && arena.scope().isAlive()) {
            arena.close();
        }
    }
}
