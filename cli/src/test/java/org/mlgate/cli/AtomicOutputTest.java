package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;

class AtomicOutputTest {
    @TempDir
    Path tmp;

    @Test
    void writesAndReplacesLeavingNoTemporaryFile() throws IOException {
        Path target = tmp.resolve("r.json");
        AtomicOutput.write(target, "first".getBytes(StandardCharsets.UTF_8));
        assertThat(target).hasContent("first");
        AtomicOutput.write(target, "second".getBytes(StandardCharsets.UTF_8));
        assertThat(target).hasContent("second");
        assertThat(list(tmp)).containsExactly(target);
    }

    @Test
    void aMissingDirectoryIsAUsageErrorAndCreatesNothing() throws IOException {
        Path target = tmp.resolve("a").resolve("b").resolve("r.json");
        assertThatThrownBy(() -> AtomicOutput.write(target, new byte[] {1}))
                .isInstanceOf(UsageException.class).hasMessageContaining("does not exist");
        assertThat(list(tmp)).isEmpty();
    }

    @Test
    void aParentThatIsAFileIsAUsageError() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> AtomicOutput.write(file.resolve("r.json"), new byte[] {1}))
                .isInstanceOf(UsageException.class).hasMessageContaining("is not a directory");
        assertThat(file).hasContent("x");
    }

    @Test
    void aFailedRenameRemovesTheTemporaryFileAndKeepsTheTarget() throws IOException {
        // a non-empty directory cannot be replaced by a file: the final rename fails
        Path target = Files.createDirectories(tmp.resolve("occupied"));
        Path inside = Files.writeString(target.resolve("keep.txt"), "keep");
        assertThatThrownBy(() -> AtomicOutput.writeChecked(target, "new".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IncompleteException.class).hasMessageStartingWith("cannot write " + target);
        assertThat(list(tmp)).containsExactly(target);
        assertThat(inside).hasContent("keep");
    }

    private static java.util.List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
