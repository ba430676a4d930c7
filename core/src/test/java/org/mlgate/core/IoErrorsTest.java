package org.mlgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoErrorsTest {
    @TempDir
    Path dir;

    @Test
    void everyCauseIsNamedNotJustThePath() {
        // Java's own messages for these are only the path
        assertThat(new AccessDeniedException("/x/schema.json").getMessage()).isEqualTo("/x/schema.json");
        assertThat(IoErrors.reason(new AccessDeniedException("/x/schema.json"))).isEqualTo("permission denied");
        assertThat(IoErrors.reason(new NoSuchFileException("/x"))).isEqualTo("no such file or directory");
        assertThat(IoErrors.reason(new FileSystemException("/x", null, "No space left on device")))
                .isEqualTo("no space left on device");
        assertThat(AtomicFiles.describe(new AccessDeniedException("/x/s.json"))).isEqualTo("permission denied: /x/s.json");
    }

    @Test
    void readingADirectorySaysSo() {
        assertThatThrownBy(() -> Files.readAllBytes(dir)).isInstanceOfSatisfying(IOException.class,
                e -> assertThat(IoErrors.reason(e)).isEqualTo("is a directory"));
    }
}
