package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlgate bench 7z}: decodes an archive's folders and prints the figures; bad input is a usage error. */
class BenchSevenZipCommandTest {
    @Test
    void decodesAndPrintsFigures(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("a.7z");
        try (SevenZOutputFile out = new SevenZOutputFile(archive.toFile())) {
            SevenZArchiveEntry e = new SevenZArchiveEntry();
            e.setName("notes.txt");
            out.putArchiveEntry(e);
            out.write("some text to pack, repeated. ".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }

        Cli.Result r = Cli.run("bench", "7z", archive.toString(), "--runs", "1", "--warmups", "0", "--peer", "none");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("coders: LZMA2 (21)").contains("mlgate (in process): median");
    }

    @Test
    void badInputIsAUsageErrorOrIncomplete(@TempDir Path dir) throws Exception {
        assertThat(Cli.run("bench", "7z", dir.resolve("missing.7z").toString()).code()).isEqualTo(2);
        assertThat(Cli.run("bench", "7z", dir.toString(), "--runs", "0").code()).isEqualTo(2);
        Path notSevenZip = java.nio.file.Files.writeString(dir.resolve("x.7z"), "not an archive");
        assertThat(Cli.run("bench", "7z", notSevenZip.toString(), "--peer", "none").code()).isEqualTo(3);
    }
}
