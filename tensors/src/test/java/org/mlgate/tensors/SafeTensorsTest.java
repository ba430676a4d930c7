package org.mlgate.tensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private SafeTensors writeAndOpen(SafeTensorsWriter w) throws IOException, SafetensorsException {
        Path f = dir.resolve("model.safetensors");
        w.write(f);
        return SafeTensors.open(f);
    }

    @Test
    void everyDtypeRoundTripsBytesAndTypedValues() throws Exception {
        try (SafeTensors st = writeAndOpen(Samples.everything())) {
            for (Dtype d : Dtype.values()) {
                Tensor t = st.tensor("t_" + d.name().toLowerCase(java.util.Locale.ROOT));
                byte[] bytes = Samples.data(d);
                assertThat(t.dtype()).isEqualTo(d);
                assertThat(t.shape()).containsExactly(2L, 4L);
                assertThat(t.elementCount()).isEqualTo(8);
                assertThat(t.byteSize()).isEqualTo(bytes.length);
                assertThat(t.toByteArray()).as(d.name()).isEqualTo(bytes);
                assertThat(t.segment().isReadOnly()).isTrue();
                checkTypedValues(t, bytes);
            }
        }
    }

    private static void checkTypedValues(Tensor t, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) {
            switch (t.dtype()) {
                case BOOL -> assertThat(t.getBoolean(i)).isEqualTo(i % 3 == 0);
                case U8 -> {
                    assertThat(t.getByte(i)).isEqualTo(bytes[i]);
                    assertThat(t.getInt(i)).isEqualTo(Byte.toUnsignedInt(bytes[i]));
                    assertThat(t.getLong(i)).isEqualTo(Byte.toUnsignedLong(bytes[i]));
                }
                case I8 -> {
                    assertThat(t.getByte(i)).isEqualTo(bytes[i]);
                    assertThat(t.getShort(i)).isEqualTo(bytes[i]);
                    assertThat(t.getLong(i)).isEqualTo(bytes[i]);
                }
                case F8_E5M2, F8_E4M3, F8_E8M0 -> assertThat(t.getByte(i)).isEqualTo(bytes[i]);
                case I16 -> {
                    assertThat(t.getShort(i)).isEqualTo((short) (i * 9001 - 30000));
                    assertThat(t.getInt(i)).isEqualTo((short) (i * 9001 - 30000));
                }
                case U16 -> assertThat(t.getInt(i)).isEqualTo(Short.toUnsignedInt((short) (i * 9001 - 30000)));
                case F16, BF16 -> {
                    assertThat(t.getFloat(i)).isEqualTo(Samples.floatValue(i));
                    assertThat(t.getDouble(i)).isEqualTo(Samples.floatValue(i));
                    assertThat(t.getShort(i)).isEqualTo(b.getShort(2 * i));
                }
                case I32 -> assertThat(t.getLong(i)).isEqualTo(i * 987_654_321 - 5);
                case U32 -> assertThat(t.getLong(i)).isEqualTo(Integer.toUnsignedLong(i * 987_654_321 - 5));
                case F32 -> assertThat(t.getFloat(i)).isEqualTo(Samples.floatValue(i));
                case F64 -> assertThat(t.getDouble(i)).isEqualTo(i * Math.PI - 7);
                case I64, U64 -> assertThat(t.getLong(i)).isEqualTo(i * 0x0123_4567_89ab_cdefL - 3);
                case C64, F4, F6_E2M3, F6_E3M2 -> assertThatThrownBy(() -> t.getFloat(0))
                        .isInstanceOf(IllegalStateException.class);
            }
        }
        switch (t.dtype()) {
            case F32, F16, BF16 -> {
                float[] expected = new float[8];
                for (int i = 0; i < 8; i++) {
                    expected[i] = Samples.floatValue(i);
                }
                assertThat(t.toFloatArray()).containsExactly(expected);
                assertThat(t.toDoubleArray()).hasSize(8).contains(-4.5, 6.0);
            }
            case F64 -> {
                assertThat(t.toDoubleArray()).containsExactly(
                        java.util.stream.IntStream.range(0, 8).mapToDouble(i -> i * Math.PI - 7).toArray());
                assertThatThrownBy(t::toFloatArray).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("F64");
            }
            case I64, U64 -> assertThat(t.toLongArray()).containsExactly(
                    java.util.stream.LongStream.range(0, 8).map(i -> i * 0x0123_4567_89ab_cdefL - 3).toArray());
            case I32 -> {
                assertThat(t.toIntArray()[3]).isEqualTo(3 * 987_654_321 - 5);
                assertThat(t.toLongArray()[3]).isEqualTo(3 * 987_654_321 - 5);
                assertThatThrownBy(t::toShortArray).isInstanceOf(IllegalStateException.class);
            }
            case I8 -> assertThat(t.toShortArray()[0]).isEqualTo((short) -100);
            case U8 -> assertThat(t.toIntArray()[0]).isEqualTo(156);
            default -> { }
        }
    }

    @Test
    void accessorsRefuseNarrowingReinterpretationAndBadIndexes() throws Exception {
        try (SafeTensors st = writeAndOpen(Samples.everything())) {
            assertThatThrownBy(() -> st.tensor("t_f64").getFloat(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("t_f64").hasMessageContaining("F64");
            assertThatThrownBy(() -> st.tensor("t_i32").getFloat(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> st.tensor("t_f32").getInt(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> st.tensor("t_i64").getInt(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> st.tensor("t_u8").getBoolean(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> st.tensor("t_i64").toIntArray()).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> st.tensor("t_f32").getFloat(8)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> st.tensor("t_f32").getFloat(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void zeroDimAndEmptyTensors() throws Exception {
        try (SafeTensors st = writeAndOpen(Samples.everything())) {
            Tensor scalar = st.tensor("scalar");
            assertThat(scalar.shape()).isEmpty();
            assertThat(scalar.elementCount()).isEqualTo(1);
            assertThat(scalar.byteSize()).isEqualTo(8);
            assertThat(scalar.getDouble(0)).isEqualTo(-0.25);
            assertThat(scalar.toDoubleArray()).containsExactly(-0.25);

            Tensor empty = st.tensor("empty");
            assertThat(empty.shape()).containsExactly(3L, 0L, 2L);
            assertThat(empty.elementCount()).isZero();
            assertThat(empty.byteSize()).isZero();
            assertThat(empty.toFloatArray()).isEmpty();
            assertThat(empty.toByteArray()).isEmpty();
            assertThatThrownBy(() -> empty.getFloat(0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void metadataNamesInHeaderOrderAndUnknownNames() throws Exception {
        try (SafeTensors st = writeAndOpen(Samples.everything())) {
            assertThat(st.metadata()).containsOnlyKeys("format", "note")
                    .containsEntry("note", "quote \" backslash \\ newline \n é");
            assertThat(st.tensors()).hasSize(Dtype.values().length + 3).contains("größe/ü.weight");
            assertThat(st.tensor("größe/ü.weight").toByteArray()).containsExactly(-1, 0, 1);
            assertThatThrownBy(() -> st.tensor("nope.weight")).isInstanceOf(NoSuchElementException.class)
                    .hasMessageContaining("'nope.weight'");
        }
    }

    @Test
    void tensorsAreOrderedByDtypeDescendingThenNameWithContiguousOffsets() throws Exception {
        SafeTensorsWriter w = new SafeTensorsWriter()
                .add("a", Dtype.U8, List.of(1L), new byte[1])
                .add("z", Dtype.F32, List.of(1L), new byte[4])
                .add("b", Dtype.F32, List.of(1L), new byte[4])
                .add("m", Dtype.I64, List.of(1L), new byte[8])
                .add("c", Dtype.BF16, List.of(1L), new byte[2]);
        try (SafeTensors st = SafeTensors.open(MemorySegment.ofArray(w.toByteArray()))) {
            assertThat(st.tensors()).containsExactly("m", "b", "z", "c", "a");
            assertThat(st.header().tensors()).extracting(TensorInfo::begin).containsExactly(0L, 8L, 12L, 16L, 18L);
        }
    }

    @Test
    void headerIsCompactMetadataFirstAndSpacePaddedTo8() throws Exception {
        byte[] file = new SafeTensorsWriter().metadata("format", "pt")
                .add("w", Dtype.F32, List.of(2L), new byte[8]).toByteArray();
        String json = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[0,8]}}";
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(n % 8).isZero();
        assertThat(new String(file, 8, (int) n, StandardCharsets.UTF_8)).isEqualTo(json + " ".repeat((int) n - json.length()));
        assertThat(file).hasSize(8 + (int) n + 8);

        for (int len = 1; len <= 9; len++) {
            byte[] f = new SafeTensorsWriter().add("x".repeat(len), Dtype.U8, List.of(), new byte[] {7}).toByteArray();
            long h = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            assertThat(h % 8).as("name length %d", len).isZero();
            String text = new String(f, 8, (int) h, StandardCharsets.UTF_8);
            assertThat(text.stripTrailing()).endsWith("}");
            assertThat(text.length() - text.stripTrailing().length()).isLessThan(8);
            assertThat(SafeTensors.open(MemorySegment.ofArray(f)).tensor("x".repeat(len)).getByte(0)).isEqualTo((byte) 7);
        }
        assertThat(new SafeTensorsWriter().toByteArray()).hasSize(16)
                .endsWith("{}      ".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void writesAreDeterministicWhateverTheInsertionOrder() throws Exception {
        SafeTensorsWriter forward = Samples.everything();
        SafeTensorsWriter backward = new SafeTensorsWriter();
        backward.metadata("note", "quote \" backslash \\ newline \n é").metadata("format", "pt");
        backward.add("größe/ü.weight", Dtype.I8, List.of(3L), new byte[] {-1, 0, 1});
        backward.add("empty", Dtype.F32, List.of(3L, 0L, 2L), new byte[0]);
        backward.add("scalar", Dtype.F64, List.of(), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(-0.25).array());
        Dtype[] all = Dtype.values();
        for (int i = all.length - 1; i >= 0; i--) {
            backward.add("t_" + all[i].name().toLowerCase(java.util.Locale.ROOT), all[i], Samples.SHAPE,
                    Samples.data(all[i]));
        }
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        forward.write(a);
        backward.write(b);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
        assertThat(Files.readAllBytes(a)).isEqualTo(forward.toByteArray());
        assertThat(Files.size(a)).isEqualTo(forward.fileSize());
    }

    @Test
    void writerRefusesBadNamesShapesAndSizes() {
        SafeTensorsWriter w = new SafeTensorsWriter().add("a", Dtype.F32, List.of(1L), new byte[4]);
        assertThatThrownBy(() -> w.add("a", Dtype.F32, List.of(1L), new byte[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate").hasMessageContaining("'a'");
        assertThatThrownBy(() -> w.add("", Dtype.F32, List.of(1L), new byte[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> w.add("__metadata__", Dtype.F32, List.of(1L), new byte[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> w.add("b", Dtype.F32, List.of(2L), new byte[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 8 bytes");
        assertThatThrownBy(() -> w.add("b", Dtype.F32, List.of(-1L), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> w.add("b", Dtype.F32, List.of(1L << 40, 1L << 40), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflows");
        assertThatThrownBy(() -> w.add("b", Dtype.F4, List.of(3L), new byte[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole bytes");
        assertThat(w.toByteArray()).hasSize(8 + 56 + 4); // 55 header bytes padded to 56
    }

    @Test
    void aWriteFailingMidwayLeavesNoTempFileAndTheOldTargetIntact() throws Exception {
        Path target = dir.resolve("model.safetensors");
        Files.writeString(target, "old contents");
        SafeTensorsWriter w = new SafeTensorsWriter().add("first", Dtype.F64, List.of(1L), new byte[8]);
        Arena arena = Arena.ofConfined();
        MemorySegment late = arena.allocate(4);
        w.add("second", Dtype.F32, List.of(1L), late);
        arena.close(); // the source dies after validation: the write fails after the header and first tensor

        assertThatThrownBy(() -> w.write(target)).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(target)).isEqualTo("old contents");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }

        Path missingDir = dir.resolve("no/such/dir/model.safetensors");
        assertThatThrownBy(() -> new SafeTensorsWriter().write(missingDir)).isInstanceOf(IOException.class);

        new SafeTensorsWriter().add("ok", Dtype.U8, List.of(1L), new byte[] {1}).write(target);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) { // the umask applies, not a temp file's 0600
            Path plain = Files.createFile(dir.resolve("plain"));
            assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain));
            Files.delete(plain);
        }
        try (SafeTensors st = SafeTensors.open(target); Stream<Path> files = Files.list(dir)) {
            assertThat(st.tensors()).containsExactly("ok");
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void closingUnmapsAndInvalidatesViews() throws Exception {
        Tensor t;
        try (SafeTensors st = writeAndOpen(Samples.everything())) {
            t = st.tensor("t_f32");
            assertThat(t.getFloat(0)).isEqualTo(-4.5f);
            st.close(); // idempotent
        }
        assertThatThrownBy(() -> t.getFloat(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalidFilesFailWithTheHeaderValidatorsException() throws Exception {
        Path bad = dir.resolve("bad.safetensors");
        byte[] good = new SafeTensorsWriter().add("a", Dtype.F32, List.of(1L), new byte[4]).toByteArray();
        Files.write(bad, java.util.Arrays.copyOf(good, good.length - 1));
        assertThatThrownBy(() -> SafeTensors.open(bad)).isInstanceOf(SafetensorsException.class)
                .extracting(e -> ((SafetensorsException) e).kind()).isEqualTo(SafetensorsException.Kind.INVALID_OFFSETS); // runs past the end
        Files.write(bad, new byte[0]);
        assertThatThrownBy(() -> SafeTensors.open(bad)).isInstanceOf(SafetensorsException.class);
    }

    @Test
    void openOnAnInMemorySegment() throws Exception {
        byte[] file = Samples.everything().toByteArray();
        try (SafeTensors st = SafeTensors.open(MemorySegment.ofArray(file))) {
            assertThat(st.tensor("t_i16").toShortArray()[1]).isEqualTo((short) (9001 - 30000));
            assertThat(st.tensor("t_bool").segment().get(ValueLayout.JAVA_BYTE, 3)).isEqualTo((byte) 1);
        }
    }
}
