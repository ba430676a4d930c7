package org.mlgate.tensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tensors copied file to file by the OS give the same file as tensors written from memory. */
class FileBackedWriteTest {
    @TempDir
    Path dir;

    @Test
    void fileBackedTensorsWriteTheSameBytes() throws IOException {
        byte[] source = new byte[4096 + 64];
        for (int i = 0; i < source.length; i++) {
            source[i] = (byte) (i * 31 + 7);
        }
        Path src = Files.write(dir.resolve("src.bin"), source);
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(src)) {
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            MemorySegment w = file.asSlice(64, 4096);
            MemorySegment bias = file.asSlice(3, 8);
            new SafeTensorsWriter().metadata("format", "pt").add("w", Dtype.F32, List.of(32L, 32L), w)
                    .add("b", Dtype.F16, List.of(4L), bias).write(a);
            new SafeTensorsWriter().metadata("format", "pt").addFileBacked("w", Dtype.F32, List.of(32L, 32L), w, ch, 64)
                    .addFileBacked("b", Dtype.F16, List.of(4L), bias, ch, 3).write(b);
        }
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    }

    @Test
    void sourceShorterThanTheTensorFailsAndLeavesNothing() throws IOException {
        Path src = Files.write(dir.resolve("short.bin"), new byte[16]);
        Path out = dir.resolve("out.safetensors");
        try (FileChannel ch = FileChannel.open(src)) {
            SafeTensorsWriter w = new SafeTensorsWriter().addFileBacked("x", Dtype.U8, List.of(32L),
                    MemorySegment.ofArray(new byte[32]), ch, 0);
            assertThatThrownBy(() -> w.write(out)).isInstanceOf(IOException.class).hasMessageContaining("ended");
        }
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("short.bin");
        }
    }
}
