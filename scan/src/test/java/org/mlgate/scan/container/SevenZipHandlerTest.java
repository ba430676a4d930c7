package org.mlgate.scan.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlgate.scan.container.Fixtures.PICKLE;
import static org.mlgate.scan.container.Fixtures.text;

import java.io.IOException;
import java.util.Arrays;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Problem;
import org.mlgate.scan.ScanRules;

class SevenZipHandlerTest {
    private static byte[] sevenZip(String[] names, byte[][] data, int[] attributes) throws IOException {
        SeekableInMemoryByteChannel ch = new SeekableInMemoryByteChannel();
        try (SevenZOutputFile out = new SevenZOutputFile(ch)) {
            for (int i = 0; i < names.length; i++) {
                SevenZArchiveEntry e = new SevenZArchiveEntry();
                e.setName(names[i]);
                if (attributes[i] != 0) {
                    e.setHasWindowsAttributes(true);
                    e.setWindowsAttributes(attributes[i]);
                }
                out.putArchiveEntry(e);
                out.write(data[i]);
                out.closeArchiveEntry();
            }
        }
        return Arrays.copyOf(ch.array(), (int) ch.size());
    }

    @Test
    void membersAreDecodedAndRouted() throws IOException {
        byte[] z = sevenZip(new String[] {"notes.txt", "model.bin", "x.pkl"},
                new byte[][] {text("hello"), PICKLE, text("not a pickle start")}, new int[3]);
        Harness.Result r = Harness.scan(z);

        assertThat(r.format()).isEqualTo("7z");
        assertThat(r.problems()).isEmpty();
        assertThat(r.pickleMembers()).containsExactly("model.bin", "x.pkl");
    }

    @Test
    void sevenzip_symlink_and_slip() throws IOException {
        int symlink = 0x8000 | (0120777 << 16);
        byte[] z = sevenZip(new String[] {"link", "../escape.pkl"}, new byte[][] {text("/etc/passwd"), PICKLE},
                new int[] {symlink, 0});
        Harness.Result r = Harness.scan(z);

        assertThat(r.findings(ScanRules.SYMLINK)).singleElement()
                .satisfies(f -> assertThat(f.location().at()).isEqualTo("link"));
        assertThat(r.findings(ScanRules.ZIP_SLIP)).singleElement()
                .satisfies(f -> assertThat(f.location().at()).isEqualTo("../escape.pkl"));
        assertThat(r.pickleMembers()).containsExactly("../escape.pkl");
    }

    @Test
    void sevenzip_truncated() throws IOException {
        byte[] z = sevenZip(new String[] {"a.bin"}, new byte[][] {PICKLE}, new int[1]);
        Harness.Result r = Harness.scan(Arrays.copyOf(z, z.length - 20));

        assertThat(r.format()).isEqualTo("7z");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).startsWith("7z archive");
        });
    }
}
