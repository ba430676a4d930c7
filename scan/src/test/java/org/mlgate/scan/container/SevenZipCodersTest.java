package org.mlgate.scan.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlgate.scan.container.Fixtures.PICKLE;

import io.airlift.compress.v3.zstd.ZstdJavaCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Problem;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;

/** 7z coders commons-compress does not read: PPMd against 7-Zip's own output, Zstandard, LZ4, and named refusals. */
class SevenZipCodersTest {
    private static final long MEMORY = 128L << 20;

    private static Path resource(String path) {
        try {
            return Path.of(SevenZipCodersTest.class.getResource("/" + path).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String path) throws IOException {
        return Files.readAllBytes(resource(path));
    }

    /** Archives made by /usr/bin/7z -m0=PPMd with several orders and memory sizes decode bit for bit. */
    @ParameterizedTest
    @ValueSource(strings = {"o2_mem1m", "o6_mem16m", "o32_mem16m", "o8_mem64k"})
    void ppmdDecodesWhat7ZipWrote(String archive) throws Exception {
        Blob blob = Blob.of(archive, bytes("ppmd-roundtrip/" + archive + ".7z"));
        SevenZipLayout layout = SevenZipReader.read(blob, 1000, MEMORY, TimeCheck.NONE);

        assertThat(layout.folders()).singleElement().satisfies(f -> {
            assertThat(f.coders()).singleElement().satisfies(c -> assertThat(c.describe()).isEqualTo("PPMd (030401)"));
            assertThat(f.coders().getFirst().properties()[0]).isEqualTo(
                    (byte) Integer.parseInt(archive.substring(1, archive.indexOf('_'))));
        });
        assertThat(layout.files()).extracting(SevenZipLayout.File::name)
                .containsExactlyInAnyOrder("text.txt", "noise.bin", "data.pkl");
        try (InputStream in = SevenZipCoders.open(blob, layout.folders().getFirst(), MEMORY)) {
            for (SevenZipLayout.File f : layout.files()) {
                byte[] expected = bytes("ppmd-roundtrip/" + f.name());
                assertThat(f.size()).isEqualTo(expected.length);
                assertThat(in.readNBytes((int) f.size())).as(f.name()).isEqualTo(expected);
            }
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** 7-Zip puts BCJ in front of PPMd for executables: two coders joined by a bind pair. */
    @Test
    void bcjOverPpmdChainDecodes() throws Exception {
        Blob blob = Blob.of("bcj.7z", bytes("ppmd-roundtrip/bcj_o6_mem1m.7z"));
        SevenZipLayout layout = SevenZipReader.read(blob, 1000, MEMORY, TimeCheck.NONE);

        SevenZipLayout.Folder f = layout.folders().getFirst();
        assertThat(f.coders()).extracting(SevenZipLayout.Coder::describe)
                .containsExactly("PPMd (030401)", "BCJ (03030103)");
        // p7zip lists PPMd first; the folder's output is BCJ's (out stream 1), which reads PPMd's output
        assertThat(f.mainOut()).isEqualTo(1);
        assertThat(f.bindIn()).containsExactly(1);
        assertThat(f.bindOut()).containsExactly(0);
        try (InputStream in = SevenZipCoders.open(blob, f, MEMORY)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("ppmd-roundtrip/prog.exe"));
        }
    }

    @Test
    void ppmdMembersAreRoutedThroughTheHandler() throws IOException {
        Harness.Result r = Harness.scan(bytes("ppmd-roundtrip/o6_mem16m.7z"));

        assertThat(r.format()).isEqualTo("7z");
        assertThat(r.problems()).isEmpty();
        assertThat(r.pickleMembers()).containsExactly("data.pkl");
    }

    @Test
    void ppmdModelOverTheMemoryBudgetIsRefusedByName() throws IOException {
        Harness.Result r = Harness.scan(bytes("fixtures-7z/broken/ppmd--memory-over-budget.7z"));

        assertThat(r.pickleMembers()).isEmpty();
        assertThat(r.problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.BUDGET);
            assertThat(p.message()).contains("PPMd decoder needs 192 MiB, more than the decoder memory budget of 128 MiB");
        });
    }

    @Test
    void truncatedPpmdStreamIsAnError() throws IOException {
        Harness.Result r = Harness.scan(bytes("fixtures-7z/broken/ppmd--truncated-stream.7z"));

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).startsWith("7z member notes.txt (PPMd (030401)) is corrupt or truncated after ")
                    .contains("PPMd data is truncated");
        });
    }

    @Test
    void corruptPpmdDataNeverPasses() throws IOException {
        byte[] z = bytes("ppmd-roundtrip/o6_mem16m.7z");
        for (int at : new int[] {40, 200, 1000, 5000}) {
            byte[] bad = z.clone();
            bad[at] ^= 0x5A;
            Harness.Result r = Harness.scan(bad);
            assertThat(r.problems()).as("flip at " + at).isNotEmpty();
        }
    }

    /** With and without the skippable frame 7-Zip's zstd fork (zstdmt) writes before a frame. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void zstandardMembersAreDecoded(boolean skippable) throws IOException {
        ZstdJavaCompressor c = new ZstdJavaCompressor();
        byte[] out = new byte[c.maxCompressedLength(PICKLE.length)];
        int n = c.compress(PICKLE, 0, PICKLE.length, out, 0, out.length);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        if (skippable) {
            packed.writeBytes(new byte[] {0x50, 0x2A, 0x4D, 0x18, 4, 0, 0, 0});
            packed.writeBytes(new byte[] {(byte) n, (byte) (n >> 8), 0, 0});
        }
        packed.write(out, 0, n);
        // 7-Zip zstd fork's properties: version major, minor, level (ignored by decoders)
        byte[] z = MinimalSevenZip.archive("model.pkl", hex("04f71101"), new byte[] {1, 5, 3}, packed.toByteArray(),
                PICKLE.length);

        Harness.Result r = Harness.scan(z);

        assertThat(r.problems()).isEmpty();
        assertThat(r.pickleMembers()).containsExactly("model.pkl");
        assertThat(r.pickles().getFirst().head()).startsWith(Arrays.copyOf(PICKLE, Math.min(PICKLE.length, 16)));
    }

    @Test
    void lz4MembersAreDecoded() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FramedLZ4CompressorOutputStream lz = new FramedLZ4CompressorOutputStream(out)) {
            lz.write(PICKLE);
        }
        byte[] z = MinimalSevenZip.archive("model.pkl", hex("04f71104"), new byte[] {1, 9, 3}, out.toByteArray(),
                PICKLE.length);

        Harness.Result r = Harness.scan(z);

        assertThat(r.problems()).isEmpty();
        assertThat(r.pickleMembers()).containsExactly("model.pkl");
    }

    @Test
    void brotliRawStreamsAreDecodedAndJudged() throws IOException {
        // made by /usr/bin/brotli 1.0.9 (see sevenz-brotli/README.md)
        byte[] benign = bytes("sevenz-brotli/benign.pkl");
        byte[] z = MinimalSevenZip.archive("model.pkl", hex("04f71102"), new byte[] {1, 0, 11},
                bytes("sevenz-brotli/benign.pkl.br"), benign.length);

        Harness.Result r = Harness.scan(z);

        assertThat(r.problems()).isEmpty();
        assertThat(r.pickleMembers()).containsExactly("model.pkl");
        assertThat(r.pickles().getFirst().head()).startsWith(Arrays.copyOf(benign, 16));

        byte[] evil = MinimalSevenZip.archive("model.pkl", hex("04f71102"), new byte[] {1, 0, 5},
                bytes("sevenz-brotli/os_system.pkl.br"), bytes("sevenz-brotli/os_system.pkl").length);
        assertThat(org.mlgate.scan.Scanner.builder().threads(1).build().scanBytes("m.7z", evil).verdict())
                .isEqualTo(org.mlgate.core.Verdict.UNSAFE);
    }

    @Test
    void brotliInZstdmtFramesIsDecodedFrameByFrame() throws IOException {
        // 7-Zip's zstd fork: each Brotli stream behind a 16-byte skippable frame header; here two frames
        byte[] benign = bytes("sevenz-brotli/benign.pkl");
        byte[] br = bytes("sevenz-brotli/benign.pkl.br");
        byte[] evil = bytes("sevenz-brotli/os_system.pkl");
        byte[] evilBr = bytes("sevenz-brotli/os_system.pkl.br");
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        packed.writeBytes(zstdmtHeader(br.length, benign.length));
        packed.writeBytes(br);
        packed.writeBytes(zstdmtHeader(evilBr.length, evil.length));
        packed.writeBytes(evilBr);
        byte[] joined = new byte[benign.length + evil.length];
        System.arraycopy(benign, 0, joined, 0, benign.length);
        System.arraycopy(evil, 0, joined, benign.length, evil.length);
        // the member is the two pickles back to back: the first STOP ends a loader's read, so only a file of the
        // second alone would run os.system; here the decoded bytes are checked, then a frame is cut off
        byte[] z = MinimalSevenZip.archive("data.bin", hex("04f71102"), new byte[] {1, 0, 5}, packed.toByteArray(),
                joined.length);
        try (InputStream in = new BrotliFrames(new java.io.ByteArrayInputStream(packed.toByteArray()), 1 << 20)) {
            assertThat(in.readAllBytes()).isEqualTo(joined);
        }
        assertThat(Harness.scan(z).problems()).isEmpty();

        byte[] cut = Arrays.copyOf(packed.toByteArray(), packed.size() - 3);
        assertThatThrownBy(() -> new BrotliFrames(new java.io.ByteArrayInputStream(cut), 1 << 20).readAllBytes())
                .isInstanceOf(IOException.class).hasMessageContaining("cut off");
        byte[] huge = packed.toByteArray().clone();
        huge[8] = (byte) 0xff;
        huge[9] = (byte) 0xff; // compressed size 65,535+ bytes, more than allowed
        assertThatThrownBy(() -> new BrotliFrames(new java.io.ByteArrayInputStream(huge), 1000).readAllBytes())
                .isInstanceOf(IOException.class).hasMessageContaining("more than the 1000 packed");
    }

    private static byte[] zstdmtHeader(int compressed, int uncompressed) {
        return java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0x184D2A50).putInt(8)
                .putInt(compressed).putShort((short) 0x5242).putShort((short) uncompressed).array();
    }

    @Test
    void unknownCoderIsNamedById() {
        byte[] z = MinimalSevenZip.archive("x.bin", hex("04f71199"), new byte[0], new byte[] {9, 9}, 10);

        assertThat(Harness.scan(z).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("uses coder unknown coder (04F71199)"));
    }

    @Test
    void commonsCompressStillReadsItsOwnCoders() throws Exception {
        // an LZMA2 archive made by commons-compress goes the old way, and our reader sees the same files
        byte[] z = Fixtures7z.lzma2Archive();
        SevenZipLayout layout = SevenZipReader.read(Blob.of("a.7z", z), 100, MEMORY, TimeCheck.NONE);

        assertThat(layout.folders()).allMatch(SevenZipCoders::commonsReads);
        assertThat(layout.files()).extracting(SevenZipLayout.File::name).containsExactly("a.pkl", "notes.txt");
        assertThat(Harness.scan(z).pickleMembers()).containsExactly("a.pkl");
    }

    @Test
    void malformedStructureIsScanAbort() throws IOException {
        byte[] z = bytes("ppmd-roundtrip/o2_mem1m.7z");
        for (int cut : List.of(10, 31, 40, z.length - 1)) {
            byte[] shortened = Arrays.copyOf(z, cut);
            assertThatThrownBy(() -> SevenZipReader.read(Blob.of("t.7z", shortened), 100, MEMORY, TimeCheck.NONE))
                    .isInstanceOf(ScanAbort.class);
        }
        // more files than the member budget
        assertThatThrownBy(() -> SevenZipReader.read(Blob.of("t.7z", z), 2, MEMORY, TimeCheck.NONE))
                .isInstanceOf(ScanAbort.class).hasMessageContaining("more than the member budget of 2");
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
