package org.mlgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path tmp;

    @Test
    void removesATreeAndItsLinksButNotWhatTheyPointAt() throws IOException {
        Path keep = Files.writeString(tmp.resolve("keep.txt"), "precious");
        Path tree = Files.createDirectories(tmp.resolve("t/a/b"));
        Files.writeString(tree.resolve("f"), "x");
        Files.createSymbolicLink(tmp.resolve("t/link"), keep);
        Files.createSymbolicLink(tmp.resolve("t/dirlink"), tmp);

        FileTrees.delete(tmp.resolve("t"));

        assertThat(tmp.resolve("t")).doesNotExist();
        assertThat(keep).hasContent("precious");
        FileTrees.delete(tmp.resolve("t")); // gone already: not an error
        FileTrees.delete(null);
    }
}
