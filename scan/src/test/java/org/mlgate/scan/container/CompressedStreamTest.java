package org.mlgate.scan.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlgate.scan.container.Fixtures.PICKLE;
import static org.mlgate.scan.container.Fixtures.compress;
import static org.mlgate.scan.container.Fixtures.concat;
import static org.mlgate.scan.container.Fixtures.text;

import io.airlift.compress.v3.zstd.ZstdOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Problem;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.ScanRules;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;
import org.tukaani.xz.XZOutputStream;

class CompressedStreamTest {
    /** A pickle-looking payload big enough to compress. */
    private static final byte[] PAYLOAD = concat(PICKLE, text("x".repeat(5000)));

    /** Bytes that barely compress, so a cut stream still holds a decodable prefix. */
    private static byte[] noisy(int n) {
        byte[] b = Arrays.copyOf(PICKLE, n);
        long x = 42;
        for (int i = PICKLE.length; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            b[i] = (byte) (x >>> 56);
        }
        return b;
    }

    private static byte[] gzip(byte[] d) {
        return compress(GZIPOutputStream::new, d);
    }

    private static byte[] zlib(byte[] d) {
        return compress(DeflaterOutputStream::new, d);
    }

    private static byte[] lzmaAlone(byte[] d) {
        return compress(out -> new LZMAOutputStream(out, new LZMA2Options(), -1), d);
    }

    private static byte[] zstd(byte[] d) {
        return compress(ZstdOutputStream::new, d);
    }

    private static void assertRoutedPayload(String format, byte[] file) {
        Harness.Result r = Harness.scan(file);
        assertThat(r.format()).isEqualTo(format);
        assertThat(r.problems()).isEmpty();
        assertThat(r.outcome().findings()).isEmpty();
        assertThat(r.pickles()).singleElement().satisfies(s -> {
            assertThat(s.members()).containsExactly("(" + format + " payload)");
            assertThat(s.size()).isEqualTo(PAYLOAD.length);
        });
    }

    @Test
    void eachFormatIsRecognisedAndDecoded() {
        assertRoutedPayload("gzip", gzip(PAYLOAD));
        assertRoutedPayload("bzip2", compress(BZip2CompressorOutputStream::new, PAYLOAD));
        assertRoutedPayload("xz", compress(out -> new XZOutputStream(out, new LZMA2Options()), PAYLOAD));
        assertRoutedPayload("lzma", lzmaAlone(PAYLOAD));
        assertRoutedPayload("zlib", zlib(PAYLOAD));
        assertRoutedPayload("zstd", zstd(PAYLOAD));
    }

    @Test
    void gzip_multi_member_isDecodedWhole() {
        byte[] half = Arrays.copyOf(PAYLOAD, 100);
        byte[] rest = Arrays.copyOfRange(PAYLOAD, 100, PAYLOAD.length);
        assertRoutedPayload("gzip", concat(gzip(half), gzip(rest)));
    }

    @Test
    void gzip_zero_padding_between_members_isAccepted() {
        byte[] half = Arrays.copyOf(PAYLOAD, 100);
        byte[] rest = Arrays.copyOfRange(PAYLOAD, 100, PAYLOAD.length);
        assertRoutedPayload("gzip", concat(gzip(half), new byte[7], gzip(rest), new byte[3]));
    }

    @Test
    void gzip_crc_mismatch() {
        byte[] gz = gzip(PAYLOAD);
        gz[gz.length - 8] ^= 1;
        Harness.Result r = Harness.scan(gz);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("CRC-32"));
        assertThat(r.pickles()).singleElement().satisfies(s -> assertThat(s.size()).isEqualTo(PAYLOAD.length));
    }

    @Test
    void gzip_truncated() {
        byte[] gz = gzip(noisy(20_000));
        Harness.Result r = Harness.scan(Arrays.copyOf(gz, gz.length / 2));
        assertThat(r.format()).isEqualTo("gzip");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).contains("gzip stream is corrupt or truncated");
        });
        // what decoded before the cut is what pickle.load would have run: it is still scanned
        assertThat(r.pickles()).singleElement().satisfies(s -> assertThat(s.head()).startsWith(PICKLE));
    }

    @Test
    void gzip_trailing_garbage() {
        Harness.Result r = Harness.scan(concat(gzip(PAYLOAD), text("garbage after the stream")));
        assertThat(r.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("corrupt or truncated"));
        assertThat(r.pickles()).singleElement().satisfies(s -> assertThat(s.size()).isEqualTo(PAYLOAD.length));
    }

    @Test
    void gzip_bad_header() {
        byte[] gz = gzip(PAYLOAD);
        gz[3] = 0x04; // FEXTRA with no room for it
        gz[10] = (byte) 0xff;
        gz[11] = (byte) 0xff;
        Harness.Result r = Harness.scan(Arrays.copyOf(gz, 14));
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED));
    }

    @Test
    void gzip_bomb() {
        Budgets strict = new Budgets(1000, 1000, 1000, 1000, 1L << 30, 100, 8, 1000, Duration.ofMinutes(1));
        Harness.Result r = Harness.scan(gzip(new byte[16 << 20]), strict);
        assertThat(r.findings(ScanRules.BOMB)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("(gzip payload)"));
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.BUDGET));
        assertThat(r.pickles()).isEmpty();
    }

    @Test
    void totalDecompressionBudget() {
        Budgets small = Budgets.DEFAULT.withMaxDecompressed(1 << 20);
        Harness.Result r = Harness.scan(gzip(concat(PICKLE, new byte[4 << 20])), small);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.BUDGET);
            assertThat(p.message()).contains("decompressed more than");
        });
    }

    @Test
    void zlib_concatenated_streams_like_joblib() {
        byte[] a = zlib(Arrays.copyOf(PAYLOAD, 10));
        byte[] b = zlib(Arrays.copyOfRange(PAYLOAD, 10, PAYLOAD.length));
        assertRoutedPayload("zlib", concat(a, b));
    }

    @Test
    void zlib_corrupt() {
        byte[] z = zlib(PAYLOAD);
        z[z.length - 1] ^= 0x55; // Adler-32 mismatch
        Harness.Result r = Harness.scan(z);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("zlib stream"));
        assertThat(r.pickles()).hasSize(1);
    }

    @Test
    void protocol0PicklesAreNotMistakenForZlib() {
        // "(S" would pass a generic zlib header check (CM 8, FCHECK ok); only 0x78 headers are accepted.
        byte[] p0 = text("(S'a'\np0\nS'b'\np1\ntp2\n.");
        assertThat(new ZlibHandler().sniff(org.mlgate.scan.engine.Blob.of("p", p0))).isFalse();
        assertThat(new LzmaHandler().sniff(org.mlgate.scan.engine.Blob.of("p", text("]q\0(X\u0003\0\0\0abcq\u0001e."))))
                .isFalse();
    }

    @Test
    void lzma_header_checks() {
        byte[] l = lzmaAlone(PAYLOAD);
        assertThat(new LzmaHandler().sniff(org.mlgate.scan.engine.Blob.of("l", l))).isTrue();
        byte[] badDict = l.clone();
        badDict[1] = 0x13; // dictionary size no encoder writes
        assertThat(new LzmaHandler().sniff(org.mlgate.scan.engine.Blob.of("l", badDict))).isFalse();
        byte[] badProps = l.clone();
        badProps[0] = (byte) 230;
        assertThat(new LzmaHandler().sniff(org.mlgate.scan.engine.Blob.of("l", badProps))).isFalse();
    }

    @Test
    void lzma_truncated() {
        byte[] l = lzmaAlone(concat(PICKLE, new byte[100_000]));
        Harness.Result r = Harness.scan(Arrays.copyOf(l, l.length / 2));
        assertThat(r.format()).isEqualTo("lzma");
        assertThat(r.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("lzma stream is corrupt or truncated"));
    }

    @Test
    void lzma_dictionary_over_the_decoder_memory_limit() {
        byte[] l = lzmaAlone(PAYLOAD);
        // declare a 1 GiB dictionary (a size encoders do write): the decoder would allocate it up front
        l[1] = 0;
        l[2] = 0;
        l[3] = 0;
        l[4] = 0x40;
        Harness.Result r = Harness.scan(l);
        assertThat(r.format()).isEqualTo("lzma");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.BUDGET);
            assertThat(p.message()).contains("decoder memory");
        });
    }

    @Test
    void zstd_skippable_frames_and_several_frames() {
        byte[] skippable = new ZipBuilder.Buf().u32(0x184D2A50).u32(3).bytes(text("abc")).toByteArray();
        byte[] file = concat(zstd(Arrays.copyOf(PAYLOAD, 100)), skippable,
                zstd(Arrays.copyOfRange(PAYLOAD, 100, PAYLOAD.length)));
        assertRoutedPayload("zstd", file);
    }

    @Test
    void zstd_trailing_junk_isAProblemAfterTheCompleteFrames() {
        Harness.Result r = Harness.scan(concat(zstd(PAYLOAD), text("junk!")));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("5 bytes at offset").contains("not a zstd frame");
        });
        assertThat(r.pickles()).singleElement().satisfies(s -> assertThat(s.size()).isEqualTo(PAYLOAD.length));
    }

    @Test
    void zstd_window_too_large() {
        // frame header: magic, descriptor (no single segment, no checksum), window descriptor 2^31
        byte[] frame = new ZipBuilder.Buf().u32(0xFD2FB528).bytes(new byte[] {0x00, (byte) (21 << 3)})
                .bytes(new byte[] {1, 0, 0}).toByteArray();
        Harness.Result r = Harness.scan(frame);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.BUDGET);
            assertThat(p.message()).contains("window of 2147483648 bytes");
        });
    }

    @Test
    void zstd_truncated() {
        byte[] z = zstd(concat(PICKLE, new byte[300_000]));
        Harness.Result r = Harness.scan(Arrays.copyOf(z, z.length - 3));
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("truncated"));
    }

    @Test
    void unrecognisedPayloadIsNotAModelInfo() {
        Harness.Result r = Harness.scan(gzip(text("just some text, not a model")));
        assertThat(r.ruleIds()).containsExactly(ScanRules.NOT_A_MODEL.id());
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void nestedCompressionKeepsTheChain() {
        ZipBuilder z = new ZipBuilder();
        z.add("model.joblib", gzip(PAYLOAD));
        Harness.Result r = Harness.scan(z.build());
        assertThat(r.pickles()).singleElement()
                .satisfies(s -> assertThat(s.members()).containsExactly("model.joblib", "(gzip payload)"));
    }
}
