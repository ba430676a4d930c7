package org.mlgate.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistinctPathsTest {
    @TempDir
    Path dir;

    @Test
    void sameFileIsRefusedThroughEveryAlias() throws IOException {
        Path in = Files.writeString(dir.resolve("model.pt"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link.pt"), in);
        Path hard = Files.createLink(dir.resolve("hard.pt"), in);
        Files.createDirectory(dir.resolve("sub"));
        Path dotted = dir.resolve("sub/../model.pt");
        for (Path out : new Path[] {in, link, hard, dotted}) {
            assertThatThrownBy(() -> DistinctPaths.check().input("IN", in).output("OUT", out).verify())
                    .isInstanceOf(UsageException.class).hasMessageContaining("is the same file as IN");
        }
    }

    @Test
    void anOutputThatDoesNotExistYetIsPlacedThroughItsRealParent() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), real);
        assertThatThrownBy(() -> DistinctPaths.check().output("--out", real.resolve("a.csv"))
                .output("--report", alias.resolve("a.csv")).verify())
                .isInstanceOf(UsageException.class).hasMessageContaining("two outputs would overwrite each other");
        assertThatCode(() -> DistinctPaths.check().output("--out", real.resolve("a.csv"))
                .output("--report", alias.resolve("b.json")).verify()).doesNotThrowAnyException();
    }

    @Test
    void treesContainTheirFiles() throws IOException {
        Path model = Files.createDirectory(dir.resolve("model"));
        Path data = Files.writeString(dir.resolve("data.csv"), "a\n");
        assertThatThrownBy(() -> DistinctPaths.check().inputTree("--model", model).input("--data", data)
                .output("--out", model.resolve("p.json")).verify()).hasMessageContaining("is inside --model");
        Path shards = Files.createDirectory(dir.resolve("shards"));
        Path index = Files.writeString(shards.resolve("x.index.json"), "{}");
        assertThatThrownBy(() -> DistinctPaths.check().input("IN", index).outputTree("OUT", shards).verify())
                .hasMessageContaining("contains IN");
        assertThatCode(() -> DistinctPaths.check().input("IN", index).outputTree("OUT", dir.resolve("st")).verify())
                .doesNotThrowAnyException();
    }

    @Test
    void distinctFilesAndMissingOptionsPass() throws IOException {
        Path in = Files.writeString(dir.resolve("a"), "x");
        assertThatCode(() -> DistinctPaths.check().input("IN", in).output("OUT", dir.resolve("b"))
                .output("--provenance", null).verify()).doesNotThrowAnyException();
    }
}
