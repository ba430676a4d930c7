package org.mlgate.scan.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;

class SafetensorsHandlerTest {
    private static final Scanner SCANNER = Scanner.builder().threads(1).build();

    static byte[] file(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    @Test
    void validSafetensorsAreSafeAndRecognisedByContent() {
        FileResult r = SCANNER.scanBytes("model.bin", file("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", 8));
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(r.format()).isEqualTo("safetensors");
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void aHeaderLengthWhoseLowByteIsWhitespaceIsStillALengthPrefix() {
        String base = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        for (int low : new int[] {0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20}) {
            // pad the header (safetensors allows trailing spaces) to 0x100 + low bytes, e.g. 0x120 = 288
            String json = base + " ".repeat(0x100 + low - base.length() - 1) + "}";
            FileResult r = SCANNER.scanBytes("model.safetensors", file(json, 4));
            assertThat(r.format()).as("low byte 0x%02x", low).isEqualTo("safetensors");
            assertThat(r.verdict()).as("low byte 0x%02x", low).isEqualTo(Verdict.SAFE);
        }
    }

    @Test
    void aMalformedHeaderIsNotProvenSafeAndNamesTheTensor() {
        FileResult r = SCANNER.scanBytes("x.safetensors",
                file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}", 8));
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.problems().getFirst().message()).contains("size_mismatch").contains("'w'");
    }

    @Test
    void codeLikeMetadataIsInformational() {
        FileResult r = SCANNER.scanBytes("x.safetensors", file("{\"__metadata__\":{\"hook\":\"__import__('os')"
                + ".system('id')\",\"cfg\":\"gASVAAAA\"}}", 0));
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(r.findings()).extracting(Finding::ruleId).containsExactly("MLG-ST-001", "MLG-ST-001");
        assertThat(r.findings().getFirst().location().at()).isEqualTo("__metadata__.hook");
    }

    @Test
    void malformed_absurdHeaderLengthIsStillSafetensorsAndNotSafe() {
        byte[] f = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE - 7);
        FileResult r = SCANNER.scanBytes("weights.dat", f);
        assertThat(r.format()).isEqualTo("safetensors");
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("safetensors"));
    }

    @Test
    void malformed_truncatedFileIsReportedAsSafetensorsNotAsABrokenPickle() {
        byte[] full = file("{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[64],"
                + "\"data_offsets\":[0,256]}}", 256);
        byte[] cut = java.util.Arrays.copyOf(full, 40);
        FileResult r = SCANNER.scanBytes("model.safetensors", cut);
        assertThat(r.format()).isEqualTo("safetensors");
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("safetensors")
                .doesNotContain("pickle"));
    }

    @Test
    void malicious_pickleFromByteZeroThatLooksLikeSafetensorsIsJudgedAsBoth() {
        // bytes 0..7 are a protocol-0 string opcode, byte 8 '{': safetensors-looking, yet torch.load runs os.system
        byte[] poly = "S'aaaaaa{\"'\n0cos\nsystem\n(S'id'\ntR.".getBytes(StandardCharsets.ISO_8859_1);
        FileResult r = SCANNER.scanBytes("model.bin", poly);
        assertThat(r.format()).isEqualTo("safetensors");
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(r.findings()).extracting(Finding::ruleId).contains("MLG-PKL-001");
    }

    @Test
    void nearMiss_jsonTextIsNotALengthPrefix() {
        FileResult r = SCANNER.scanBytes("weights.json", "{\"a\": 1, {\"b\": 2}}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.format()).isNotEqualTo("safetensors");
    }
}
