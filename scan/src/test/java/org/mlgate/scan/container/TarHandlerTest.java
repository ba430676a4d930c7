package org.mlgate.scan.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlgate.scan.container.Fixtures.PICKLE;
import static org.mlgate.scan.container.Fixtures.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.engine.Blob;

class TarHandlerTest {
    /** A member to write: a file with data, or a link with a target. */
    private record Member(String name, byte[] data, byte linkType, String target) {
        static Member file(String name, byte[] data) {
            return new Member(name, data, TarConstants.LF_NORMAL, null);
        }

        static Member link(String name, byte type, String target) {
            return new Member(name, null, type, target);
        }
    }

    private static byte[] tar(Member... members) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(bos)) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (Member m : members) {
                    TarArchiveEntry e = m.target == null ? new TarArchiveEntry(m.name, true)
                            : new TarArchiveEntry(m.name, m.linkType, true);
                    if (m.target != null) {
                        e.setLinkName(m.target);
                    } else {
                        e.setSize(m.data.length);
                    }
                    out.putArchiveEntry(e);
                    if (m.data != null) {
                        out.write(m.data);
                    }
                    out.closeArchiveEntry();
                }
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void membersAreSlicedAndRoutedByContentOrName() {
        byte[] t = tar(Member.file("dir/notes.txt", text("hello")), Member.file("weights.bin", PICKLE),
                Member.file("model.pkl", text("no pickle start")),
                Member.file("a/" + "very-long-name-".repeat(10) + ".bin", PICKLE));
        Harness.Result r = Harness.scan(t);

        assertThat(r.format()).isEqualTo("tar");
        assertThat(r.problems()).isEmpty();
        assertThat(r.outcome().findings()).isEmpty();
        assertThat(r.pickleMembers()).containsExactly("weights.bin", "model.pkl",
                "a/" + "very-long-name-".repeat(10) + ".bin");
        assertThat(r.pickles().get(0).size()).isEqualTo(PICKLE.length);
        assertThat(r.pickles().get(0).head()).startsWith(PICKLE);
    }

    @Test
    void tar_symlink() {
        byte[] t = tar(Member.link("evil", TarConstants.LF_SYMLINK, "/etc/passwd"),
                Member.link("hard", TarConstants.LF_LINK, "../../secret"));
        Harness.Result r = Harness.scan(t);

        assertThat(r.findings(ScanRules.SYMLINK)).extracting(Finding::message).satisfiesExactly(
                m -> assertThat(m).contains("'evil' is a symbolic link to '/etc/passwd'"),
                m -> assertThat(m).contains("'hard' is a hard link to '../../secret'"));
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void tar_slip_parent_and_absolute() {
        byte[] t = tar(Member.file("../../etc/cron.d/job", text("x")), Member.file("/abs/path", text("y")));
        Harness.Result r = Harness.scan(t);

        assertThat(r.findings(ScanRules.ZIP_SLIP)).extracting(f -> f.location().at())
                .containsExactly("../../etc/cron.d/job", "/abs/path");
    }

    @Test
    void v7TarWithoutUstarMagicIsRecognisedByChecksum() {
        byte[] t = tar(Member.file("data.pkl", PICKLE));
        Arrays.fill(t, 257, 265, (byte) 0); // no "ustar" magic/version
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : t[i] & 0xff;
        }
        byte[] chk = String.format("%06o\0 ", sum).getBytes();
        System.arraycopy(chk, 0, t, 148, 8);
        assertThat(new TarHandler().sniff(Blob.of("t", t))).isTrue();

        Harness.Result r = Harness.scan(t);
        assertThat(r.format()).isEqualTo("tar");
        assertThat(r.pickleMembers()).containsExactly("data.pkl");
    }

    @Test
    void badChecksumIsNotATar() {
        byte[] t = tar(Member.file("data.txt", text("x")));
        t[148] = '7';
        assertThat(new TarHandler().sniff(Blob.of("t", t))).isFalse();
    }

    @Test
    void tar_member_past_eof() {
        byte[] t = tar(Member.file("big.bin", new byte[5000]), Member.file("after.pkl", PICKLE));
        Harness.Result r = Harness.scan(Arrays.copyOf(t, 2048));

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).contains("big.bin").contains("runs past the end");
        });
    }

    @Test
    void tar_corrupt_second_header() {
        byte[] t = tar(Member.file("a.txt", text("x")), Member.file("b.pkl", PICKLE));
        t[1024 + 148] = 'x'; // second header's checksum is not octal
        Harness.Result r = Harness.scan(t);

        assertThat(r.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("tar"));
    }

    @Test
    void compressedTarKeepsTheChain() throws IOException {
        byte[] t = tar(Member.file("m/data.pkl", PICKLE));
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bos)) {
            g.write(t);
        }
        Harness.Result r = Harness.scan(bos.toByteArray());

        assertThat(r.format()).isEqualTo("gzip");
        assertThat(r.pickles()).singleElement()
                .satisfies(s -> assertThat(s.members()).containsExactly("(gzip payload)", "m/data.pkl"));
    }
}
