package org.mlgate.tensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.mlgate.core.Debris;

/**
 * Builds a safetensors file the way the reference serializer does, so equal inputs give byte-identical files
 * whatever the order they were added in:
 * <ul>
 *   <li>tensors ordered by dtype descending in the reference's dtype order (which is {@link Dtype}'s declaration
 *       order: larger alignment first), then by name; data offsets contiguous from 0 in that order;</li>
 *   <li>header JSON compact, {@code __metadata__} first (omitted when empty, its keys sorted — the reference
 *       uses a hash map there, so it has no fixed order), each tensor's fields as {@code dtype, shape,
 *       data_offsets}; padded with spaces to a multiple of 8 bytes.</li>
 * </ul>
 * {@link #write(Path)} is atomic: it writes a temporary file in the target's directory and renames it over the
 * target; on any failure the temporary file is deleted and an existing target is untouched. When the target already
 * exists, the new file is forced to disk before the rename (and the directory after it), so a power loss cannot
 * leave neither the old nor the new content; a new file is not forced — like {@code cp}, the page cache writes it
 * back — which keeps a multi-GB conversion near the speed of a copy.
 *
 * <p>Sources are not copied: a {@code byte[]} or segment passed to {@code add} must stay unchanged (and alive)
 * until the last write.
 */
public final class SafeTensorsWriter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int CHUNK = 1 << 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A tensor; {@code source}, when set, holds the same bytes at {@code sourceOffset} and is copied in-kernel. */
    private record Entry(String name, Dtype dtype, List<Long> shape, MemorySegment data, FileChannel source,
                         long sourceOffset) {
    }

    private final Map<String, Entry> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new TreeMap<>();

    /** Adds a {@code __metadata__} string (replacing an earlier value for the key). */
    public SafeTensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public SafeTensorsWriter add(String name, Dtype dtype, List<Long> shape, byte[] data) {
        return add(name, dtype, shape, MemorySegment.ofArray(Objects.requireNonNull(data, "data")));
    }

    /**
     * Adds a tensor whose {@code data} holds exactly dtype bits × product(shape) / 8 bytes, little-endian.
     *
     * @throws IllegalArgumentException for an empty, reserved ({@code __metadata__}) or duplicate name, a negative
     *     or overflowing shape, a sub-byte tensor that does not fill whole bytes, or data of the wrong size
     */
    public SafeTensorsWriter add(String name, Dtype dtype, List<Long> shape, MemorySegment data) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("tensor name is empty");
        }
        if (name.equals("__metadata__")) {
            throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
        }
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        }
        List<Long> dims = List.copyOf(shape);
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': negative dimension in shape " + dims);
            }
        }
        long need;
        try {
            need = SafetensorsHeader.byteSize(new TensorInfo(name, dtype, dims, 0, 0));
        } catch (SafetensorsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (data.byteSize() != need) {
            throw new IllegalArgumentException("tensor '" + name + "': " + dtype + " " + dims + " needs " + need
                    + " bytes, the source has " + data.byteSize());
        }
        tensors.put(name, new Entry(name, dtype, dims, data, null, 0));
        return this;
    }

    /**
     * Adds a tensor whose bytes are both {@code data} (a mapping of a file, say) and the range
     * {@code [offset, offset + data.byteSize())} of {@code source}: writing copies them from the channel with the
     * operating system's file-to-file transfer ({@code copy_file_range} on Linux) instead of through user memory,
     * which on a 2 GiB checkpoint is most of the cost of a conversion. Checks as {@link #add(String, Dtype, List,
     * MemorySegment)}; the caller keeps {@code source} open until the file is written.
     */
    public SafeTensorsWriter addFileBacked(String name, Dtype dtype, List<Long> shape, MemorySegment data,
                                          FileChannel source, long offset) {
        Objects.requireNonNull(source, "source");
        if (offset < 0) {
            throw new IllegalArgumentException("tensor '" + name + "': negative source offset " + offset);
        }
        add(name, dtype, shape, data);
        Entry e = tensors.get(name);
        tensors.put(name, new Entry(e.name(), e.dtype(), e.shape(), e.data(), source, offset));
        return this;
    }

    /** The tensors in file order. */
    private List<Entry> ordered() {
        List<Entry> out = new ArrayList<>(tensors.values());
        out.sort(Comparator.comparing(Entry::dtype, Comparator.reverseOrder()).thenComparing(Entry::name));
        return out;
    }

    /** The 8-byte length followed by the padded header JSON. */
    byte[] header() {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeFieldName("__metadata__");
                g.writeStartObject();
                for (Map.Entry<String, String> m : metadata.entrySet()) {
                    g.writeStringField(m.getKey(), m.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (Entry t : ordered()) {
                g.writeFieldName(t.name());
                g.writeStartObject();
                g.writeStringField("dtype", t.dtype().name());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                offset = Math.addExact(offset, t.data().byteSize());
                g.writeNumber(offset);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        int n = json.size();
        int padded = (n + 7) / 8 * 8;
        if (padded > SafetensorsHeader.MAX_HEADER) {
            throw new IllegalStateException("header of " + padded + " bytes exceeds the format's limit of "
                    + SafetensorsHeader.MAX_HEADER);
        }
        ByteBuffer out = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json.toByteArray());
        while (out.hasRemaining()) {
            out.put((byte) ' ');
        }
        return out.array();
    }

    /** The total file size this writer would produce. */
    public long fileSize() {
        long size = header().length;
        for (Entry t : tensors.values()) {
            size = Math.addExact(size, t.data().byteSize());
        }
        return size;
    }

    /** The whole file in memory (for small files and tests). */
    public byte[] toByteArray() {
        long size = fileSize();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("file of " + size + " bytes is too large for a byte array");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
        out.writeBytes(header());
        for (Entry t : ordered()) {
            out.writeBytes(t.data().toArray(ValueLayout.JAVA_BYTE));
        }
        return out.toByteArray();
    }

    /** Writes the file atomically (see the class comment). */
    public void write(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        // not Files.createTempFile: its 0600 would stick to the target; CREATE_NEW honours the umask like any file
        boolean replacing = Files.exists(abs);
        Path tmp = null;
        FileChannel ch = null;
        while (ch == null) {
            tmp = dir.resolve("." + abs.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                // another name
            }
        }
        try (Debris.Registration registered = Debris.register(tmp)) {
            try (FileChannel out = ch) {
                writeTo(out);
                if (replacing) {
                    out.force(true);
                }
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot atomically replace " + abs + ": " + e.getMessage(), e);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (replacing) {
            syncDirectory(dir);
        }
    }

    void writeTo(WritableByteChannel ch) throws IOException {
        writeFully(ch, ByteBuffer.wrap(header()));
        for (Entry t : ordered()) {
            MemorySegment data = t.data();
            if (t.source() != null) {
                transfer(t.source(), t.sourceOffset(), data.byteSize(), ch);
                continue;
            }
            for (long at = 0; at < data.byteSize(); at += CHUNK) {
                writeFully(ch, data.asSlice(at, Math.min(CHUNK, data.byteSize() - at)).asByteBuffer());
            }
        }
    }

    private static void transfer(FileChannel from, long offset, long length, WritableByteChannel to)
            throws IOException {
        long done = 0;
        while (done < length) {
            long n = from.transferTo(offset + done, length - done, to);
            if (n <= 0) {
                throw new IOException("the source file ended " + (length - done) + " bytes before the tensor's end");
            }
            done += n;
        }
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Makes the rename durable where the platform allows opening a directory (Linux, macOS). */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the file itself is already on disk
        }
    }
}
