package org.mlgate.scan.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mlgate.scan.container.Fixtures.PICKLE;
import static org.mlgate.scan.container.Fixtures.PICKLE4;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.Finding;
import org.mlgate.core.Severity;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.ScanRules;

/** PyTorch's ZIP layout: storages are size-checked only, TorchScript archives get a trait. */
class PyTorchZipTest {

    private static byte[] floats(int n) {
        byte[] b = new byte[n * 4];
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToIntBits(i * 0.25f + 1);
            b[4 * i] = (byte) bits;
            b[4 * i + 1] = (byte) (bits >>> 8);
            b[4 * i + 2] = (byte) (bits >>> 16);
            b[4 * i + 3] = (byte) (bits >>> 24);
        }
        return b;
    }

    @Test
    void storagesAreNotRoutedButOtherMembersAre() {
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", PICKLE4);
        z.add("archive/byteorder", "little");
        z.add("archive/data/0", floats(1000));
        z.add("archive/data/1", floats(10)).deflated();
        z.add("archive/version", "3\n");
        z.add("archive/.data/serialization_id", "1234");
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.pickleMembers()).containsExactly("archive/data.pkl");
        assertThat(r.routed()).extracting(Harness.Routed::member).doesNotContain("archive/data/0", "archive/data/1");
        assertThat(r.outcome().findings()).isEmpty();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void storageThatStartsLikeAPickleIsReportedButNotScanned() {
        ZipBuilder inner = new ZipBuilder();
        inner.add("payload.pkl", PICKLE);
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", PICKLE4);
        z.add("archive/data/0", PICKLE);
        z.add("archive/data/1", inner.build()).deflated();
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.pickleMembers()).containsExactly("archive/data.pkl");
        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).satisfiesExactly(
                f -> {
                    assertThat(f.location().at()).isEqualTo("archive/data/0");
                    assertThat(f.message()).contains("starts like a pickle (protocol 2)");
                    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
                },
                f -> {
                    assertThat(f.location().at()).isEqualTo("archive/data/1");
                    assertThat(f.message()).contains("starts like a ZIP archive");
                });
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void dataDirectoryWithoutDataPklIsAnOrdinaryDirectory() {
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data/0", PICKLE);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.pickleMembers()).containsExactly("archive/data/0");
    }

    @Test
    void storagePastEndOfFileIsAProblem() {
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", PICKLE4);
        z.add("archive/data/0", floats(4)).sizes(16, 1 << 20);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("tensor storage archive/data/0"));
    }

    @Test
    void torchScriptArchiveIsReportedOnceAndMembersCarryTheTrait() {
        ZipBuilder z = new ZipBuilder();
        z.add("model/data.pkl", PICKLE4);
        z.add("model/constants.pkl", PICKLE4);
        z.add("model/code/__torch__/m.py", "def forward(self, x):\n    return x\n");
        z.add("model/code/__torch__/m.py.debug_pkl", PICKLE);
        z.add("model/constants/0", PICKLE);
        z.add("model/data/0", floats(4));
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.TORCHSCRIPT_CODE)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.message()).contains("2 code file(s)");
        });
        assertThat(r.pickleMembers()).containsExactly("model/data.pkl", "model/constants.pkl",
                "model/code/__torch__/m.py.debug_pkl");
        assertThat(r.pickles()).allSatisfy(s -> assertThat(s.torchscript()).isTrue());
        // constants/0 is a storage of constants.pkl: checked by its head only
        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).extracting(Finding::location)
                .singleElement().satisfies(l -> assertThat(l.at()).isEqualTo("model/constants/0"));
    }

    @Test
    void codeDirectoryWithoutDataPklGrantsNoTrait() {
        ZipBuilder z = new ZipBuilder();
        z.add("x/code/a.py", "print(1)");
        z.add("x/other.pkl", PICKLE);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.TORCHSCRIPT_CODE)).isEmpty();
        assertThat(r.pickles()).singleElement().satisfies(s -> assertThat(s.torchscript()).isFalse());
    }

    /**
     * A checkpoint with a 4 GiB tensor storage and a 4 GiB ordinary member, in a sparse file: both are
     * only ever looked at by their first bytes (and, for the zip sniff, the last 64 KiB), so the scan takes
     * milliseconds however big the members are.
     */
    @Test
    void fourGibMembersAreNeverReadWhole(@TempDir Path dir) throws IOException {
        long big = 4L << 30;
        long usable = Files.getFileStore(dir).getUsableSpace();
        assumeTrue(usable > 2 * big + (64 << 20), "skipping the 4 GiB sparse-file test: only " + usable
                + " bytes free in " + dir + " (needs room for 8 GiB in case the file system is not sparse)");
        Path file = dir.resolve("huge.pt");
        writeSparseCheckpoint(file, big);

        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            long t0 = System.nanoTime();
            Harness.Result r = Harness.scan("huge.pt", seg, Budgets.DEFAULT);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("4 GiB sparse checkpoint (" + ch.size() + " bytes) scanned in " + millis + " ms");

            assertThat(r.problems()).isEmpty();
            assertThat(r.pickleMembers()).containsExactly("archive/data.pkl");
            assertThat(r.routed()).extracting(Harness.Routed::member).doesNotContain("archive/data/0");
            assertThat(millis).as("scan time in ms").isLessThan(3000);
        }
    }

    /** Local headers, then 4 GiB holes, then a ZIP64 central directory. */
    private static void writeSparseCheckpoint(Path file, long big) throws IOException {
        byte[] pkl = PICKLE4;
        CRC32 crc = new CRC32();
        crc.update(pkl);
        String[] names = {"archive/data.pkl", "archive/data/0", "archive/extra/big.bin"};
        long[] sizes = {pkl.length, big, big};
        long[] offsets = new long[3];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long pos = 0;
            for (int i = 0; i < 3; i++) {
                byte[] name = names[i].getBytes(StandardCharsets.US_ASCII);
                offsets[i] = pos;
                ZipBuilder.Buf local = new ZipBuilder.Buf().u32(0x04034b50).u16(45).u16(0).u16(0).u16(0).u16(0)
                        .u32(i == 0 ? crc.getValue() : 0).u32(0xffffffffL).u32(0xffffffffL).u16(name.length).u16(20)
                        .bytes(name).u16(1).u16(16).u64(sizes[i]).u64(sizes[i]);
                raf.seek(pos);
                raf.write(local.toByteArray());
                pos += local.size();
                if (i == 0) {
                    raf.write(pkl);
                } else {
                    raf.write(floats(16)); // the head; the rest of the member is a hole
                }
                pos += sizes[i];
            }
            long cdStart = pos;
            ZipBuilder.Buf cd = new ZipBuilder.Buf();
            for (int i = 0; i < 3; i++) {
                byte[] name = names[i].getBytes(StandardCharsets.US_ASCII);
                cd.u32(0x02014b50).u16(45).u16(45).u16(0).u16(0).u16(0).u16(0).u32(i == 0 ? crc.getValue() : 0)
                        .u32(0xffffffffL).u32(0xffffffffL).u16(name.length).u16(28).u16(0).u16(0).u16(0).u32(0)
                        .u32(0xffffffffL).bytes(name).u16(1).u16(24).u64(sizes[i]).u64(sizes[i]).u64(offsets[i]);
            }
            long z64 = cdStart + cd.size();
            cd.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(3).u64(3).u64(z64 - cdStart).u64(cdStart);
            cd.u32(0x07064b50).u32(0).u64(z64).u32(1);
            cd.u32(0x06054b50).u16(0).u16(0).u16(0xffff).u16(0xffff).u32(0xffffffffL).u32(0xffffffffL).u16(0);
            raf.seek(cdStart);
            raf.write(cd.toByteArray());
        }
    }
}
