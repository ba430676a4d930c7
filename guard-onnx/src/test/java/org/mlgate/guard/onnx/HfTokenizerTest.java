package org.mlgate.guard.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.UsageException;

class HfTokenizerTest {
    static String unigram(double helloScore) {
        return """
                {"normalizer": {"type": "Sequence", "normalizers": [{"type": "NFKC"}, {"type": "Lowercase"}]},
                 "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always"},
                 "post_processor": {"type": "RobertaProcessing", "cls": ["<s>", 9], "sep": ["</s>", 10]},
                 "model": {"type": "Unigram", "unk_id": 0, "byte_fallback": false, "vocab": [
                   ["<unk>", 0], ["\u2581hel", -2], ["lo", -2], ["\u2581hello", %s], ["\u2581h", -1], ["e", -1],
                   ["l", -1], ["o", -1], ["\u2581world", -2]]}}
                """.formatted(helloScore);
    }

    static HfTokenizer read(Path dir, String json) throws IOException {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, json);
        return HfTokenizer.read(f);
    }

    @Test
    void unigramTakesTheBestSegmentation(@TempDir Path dir) throws IOException {
        // "▁hello" alone (-3) beats "▁hel" + "lo" (-4) and the letters (-5) ...
        assertThat(read(dir, unigram(-3)).encode("HELLO World")).containsExactly(3, 8);
        // ... and loses to "▁hel" + "lo" when its own score is lower.
        assertThat(read(dir, unigram(-4.5)).encode("hello world")).containsExactly(1, 2, 8);
        // Unknown characters: one unknown piece for the run (SentencePiece merges them).
        assertThat(read(dir, unigram(-3)).encode("xy hello")).containsExactly(0, 3);
        HfTokenizer t = read(dir, unigram(-3));
        assertThat(t.withSpecialTokens(t.encode("hello"), 0, 1)).containsExactly(9, 3, 10);
        assertThat(t.specialTokens()).isEqualTo(2);
    }

    @Test
    void wordPieceSplitsPunctuationAndSubwords(@TempDir Path dir) throws IOException {
        HfTokenizer t = read(dir, OnnxClassifierRailTest.wordPiece(OnnxClassifierRailTest.VOCAB));
        assertThat(t.encode("Hello, worlds")).containsExactly(7, 1, 8, 9);
        // A word with no segmentation is one unknown token, not a partial one.
        assertThat(t.encode("helloq")).containsExactly(1);
        // Special tokens written in the text are text, not control tokens.
        assertThat(t.encode("[SEP]")).containsExactly(1, 1, 1);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAsUsage(@TempDir Path dir) throws IOException {
        // Found by GuardParsersFuzzTest: leading NULs made Jackson read UTF-32 and fail with an I/O error (exit 3).
        Path f = dir.resolve("tokenizer.json");
        byte[] json = unigram(-3).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] nulPrefixed = new byte[json.length + 9];
        System.arraycopy(json, 0, nulPrefixed, 9, json.length);
        for (byte[] bytes : new byte[][] {nulPrefixed, {'{', (byte) 0xC3, '}'}}) {
            Files.write(f, bytes);
            assertThatThrownBy(() -> HfTokenizer.read(f)).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith(f + ": not a tokenizer.json:");
        }
    }

    @Test
    void defectsAreRefusedNamingTheKey(@TempDir Path dir) throws IOException {
        String ok = unigram(-3);
        assertThatThrownBy(() -> read(dir, ok.replace("\"unk_id\": 0", "\"unk_id\": 99")))
                .isInstanceOf(UsageException.class)
                .hasMessageEndingWith("tokenizer.json: model.unk_id: must be the index of a piece in model.vocab");
        assertThatThrownBy(() -> read(dir, ok.replace("[\"lo\", -2]", "[\"lo\"]")))
                .isInstanceOf(UsageException.class)
                .hasMessageEndingWith("tokenizer.json: model.vocab[2]: must be [piece, score]");
        assertThatThrownBy(() -> read(dir, ok.replace("\"Metaspace\"", "\"ByteLevel\"")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("tokenizer.json: pre_tokenizer.type: pre-tokenizer 'ByteLevel' is not supported");
        assertThatThrownBy(() -> read(dir, ok.replace("\"byte_fallback\": false", "\"byte_fallback\": true")))
                .isInstanceOf(UsageException.class)
                .hasMessageEndingWith("tokenizer.json: model.byte_fallback: byte fallback is not supported");
        assertThatThrownBy(() -> read(dir, "{\"model\": {\"type\": \"Unigram\"}, \"model\": {}}"))
                .isInstanceOf(UsageException.class).hasMessageContaining("tokenizer.json: not a tokenizer.json");
        assertThatThrownBy(() -> read(dir, "[" .repeat(100) + "]".repeat(100)))
                .isInstanceOf(UsageException.class).hasMessageContaining("tokenizer.json: not a tokenizer.json");
        assertThatThrownBy(() -> HfTokenizer.read(dir.resolve("absent.json")))
                .isInstanceOf(UsageException.class).hasMessageEndingWith("absent.json: no such tokenizer file");
    }
}
