package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 516-byte checkpoint that scans SAFE but views one element as 65536 x 65536 (16 GiB). */
class ConversionBoundsTest {
    static final Path FIXTURE = MainTest.CONVERT_FIXTURES.resolve("view_stride0_65536x65536.pt");

    @TempDir
    Path tmp;

    @Test
    void convertRefusesWithExitThreeAndWritesNothing() throws Exception {
        Path out = tmp.resolve("out.safetensors");
        Cli.Result r = Cli.run("convert", FIXTURE.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("--max-view-ratio");
        try (Stream<Path> l = Files.list(tmp)) {
            assertThat(l).isEmpty();
        }
        Cli.Result file = Cli.run("convert", "--max-view-ratio", "1000000000000", "--max-file-bytes", "1000",
                FIXTURE.toString(), "--out", out.toString());
        assertThat(file.code()).as(file.err()).isEqualTo(3);
        assertThat(file.err()).contains("--max-file-bytes");
        assertThat(out).doesNotExist();
    }

    @Test
    void inspectListsTheViewWithoutBuildingIt() {
        Cli.Result r = Cli.run("inspect", "--format", "json", FIXTURE.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("17179869184");
    }
}
