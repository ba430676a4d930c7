package org.mlgate.scan.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.Handlers;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FileScan;
import org.mlgate.scan.policy.Policy;

class GgufHandlerTest {
    private static FileScan.Outcome scan(byte[] bytes) {
        return FileScan.run("test.gguf", Blob.of("test.gguf", bytes), Budgets.DEFAULT, Policy.defaults(),
                Handlers.router());
    }

    private static List<String> rules(FileScan.Outcome o) {
        return o.findings().stream().map(Finding::ruleId).toList();
    }

    private static Problem onlyProblem(FileScan.Outcome o) {
        assertThat(o.format()).isEqualTo("gguf");
        assertThat(o.problems()).hasSize(1);
        Problem p = o.problems().getFirst();
        assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
        return p;
    }

    private static List<Finding> above(FileScan.Outcome o, Severity s) {
        return o.findings().stream().filter(f -> f.severity().atLeast(s)).toList();
    }

    @Test
    void benignModelWithChatMlTemplateIsClean() {
        FileScan.Outcome o = scan(GgufBuilder.benign(GgufBuilder.CHATML).build());
        assertThat(o.format()).isEqualTo("gguf");
        assertThat(o.problems()).isEmpty();
        assertThat(rules(o)).containsExactly("MLG-GGUF-003");
        Finding info = o.findings().getFirst();
        assertThat(info.location().at()).isEqualTo("tokenizer.chat_template");
        assertThat(info.severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void ordinaryTemplatesInNamedKeysAndVersion1() {
        byte[] b = new GgufBuilder(1).str("general.architecture", "llama")
                .str("tokenizer.chat_template", TemplateCheckTest.LLAMA3)
                .str("tokenizer.chat_template.tool_use", TemplateCheckTest.TOOLS)
                .strings("tokenizer.chat_templates", "tool_use")
                .tensor("a", 30, 16, 3).tensor("b", 12, 256, 2).build();
        FileScan.Outcome o = scan(b);
        assertThat(o.problems()).isEmpty();
        assertThat(rules(o)).containsExactly("MLG-GGUF-003", "MLG-GGUF-003");
        assertThat(scan(GgufBuilder.benign(TemplateCheckTest.MISTRAL).build()).findings()).hasSize(1);
        assertThat(scan(GgufBuilder.benign(TemplateCheckTest.GEMMA).build()).findings()).hasSize(1);
        assertThat(scan(GgufBuilder.benign(null).build()).findings()).isEmpty();
    }

    @Test
    void vocabOnlyFileWithoutTensors() {
        FileScan.Outcome o = scan(new GgufBuilder().str("general.architecture", "llama")
                .strings("tokenizer.ggml.tokens", "a", "b").build());
        assertThat(o.problems()).isEmpty();
        assertThat(o.findings()).isEmpty();
    }

    @Test
    void subclassesWalkIsCriticalAtTheTemplateByte() {
        String t = "{{ ''.__class__.__mro__[1].__subclasses__() }}";
        byte[] bytes = GgufBuilder.benign(t).build();
        FileScan.Outcome o = scan(bytes);
        assertThat(o.problems()).isEmpty();
        Finding crit = o.findings().stream().filter(f -> f.ruleId().equals("MLG-GGUF-001")).findFirst().orElseThrow();
        assertThat(crit.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(crit.location().at()).isEqualTo("tokenizer.chat_template");
        int start = indexOf(bytes, t.getBytes());
        assertThat(crit.location().offset()).isEqualTo(start + t.indexOf("__subclasses__"));
        assertThat(rules(o)).contains("MLG-GGUF-002", "MLG-GGUF-003");
    }

    @Test
    void cyclerAttrAndLipsumPayloads() {
        for (String t : List.of("{{ cycler.__init__.__globals__.os.popen('id').read() }}",
                "{{ ()|attr('_'*2 ~ 'class' ~ '_'*2)|attr('_'*2 ~ 'base' ~ '_'*2)"
                        + "|attr('_'*2 ~ 'subclasses' ~ '_'*2)() }}",
                "{{ lipsum.__globals__['os'].popen('id').read() }}")) {
            assertThat(rules(scan(GgufBuilder.benign(t).build()))).as(t).contains("MLG-GGUF-001");
        }
        FileScan.Outcome o = scan(GgufBuilder.benign("{{ x|attr('_'*2 ~ 'class' ~ '_'*2) }}").build());
        assertThat(above(o, Severity.HIGH)).extracting(Finding::ruleId).containsExactly("MLG-GGUF-002");
    }

    @Test
    void payloadInANamedTemplateBeforeAStructuralErrorIsStillReported() {
        byte[] b = new GgufBuilder().str("tokenizer.chat_template.rag", "{{ lipsum.__globals__ }}")
                .tensorAt("w", 0, 4096L, 4).data(64).build();
        FileScan.Outcome o = scan(b);
        assertThat(rules(o)).contains("MLG-GGUF-001");
        assertThat(o.problems()).hasSize(1);
    }

    @Test
    void gguf_truncated_header() {
        byte[] b = Arrays.copyOf(new GgufBuilder().build(), 12);
        Problem p = onlyProblem(scan(b));
        assertThat(p.location().offset()).isEqualTo(8);
        assertThat(p.message()).contains("file ends inside tensor count", "header");
    }

    @Test
    void gguf_bad_version() {
        byte[] b = new GgufBuilder(7).build();
        assertThat(onlyProblem(scan(b)).message()).isEqualTo("unsupported GGUF version 7");
        byte[] swappedSeven = new GgufBuilder(7).bigEndian().build();
        assertThat(onlyProblem(scan(swappedSeven)).message()).startsWith("unsupported GGUF version");
    }

    @Test
    void nearMiss_bigEndianGgufIsReadLikeLittleEndian() {
        FileScan.Outcome r = scan(GgufBuilder.benign("{% for m in messages %}{{ m['content'] }}{% endfor %}",
                java.nio.ByteOrder.BIG_ENDIAN).build());
        assertThat(r.format()).isEqualTo("gguf");
        assertThat(r.problems()).isEmpty();
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    }

    @Test
    void malicious_bigEndianGgufChatTemplateIsJudged() {
        FileScan.Outcome r = scan(GgufBuilder.benign("{{ cycler.__init__.__globals__.os.popen('id').read() }}",
                java.nio.ByteOrder.BIG_ENDIAN).build());
        assertThat(r.findings()).extracting(Finding::ruleId).contains("MLG-GGUF-001");
    }

    @Test
    void gguf_string_past_eof() {
        byte[] b = new GgufBuilder().str("general.architecture", "llama").str("general.name", "tiny").build();
        byte[] cut = Arrays.copyOf(b, 24 + 8 + "general.architecture".length() + 4 + 8 + 2);
        Problem p = onlyProblem(scan(cut));
        assertThat(p.message()).contains("file ends inside string value", "key 'general.architecture'");
        assertThat(p.location().offset()).isEqualTo(24 + 8 + 20 + 4 + 8);
    }

    @Test
    void gguf_key_length_past_limit() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new GgufBuilder().str("k", "v").build());
        byte[] b = out.toByteArray();
        System.arraycopy(GgufBuilder.le64(1L << 40), 0, b, 24, 8);
        assertThat(onlyProblem(scan(b)).message()).contains("key length 1099511627776 exceeds the limit",
                "metadata entry 0");
    }

    @Test
    void gguf_huge_array_count() {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        GgufBuilder.u32(v, 5);
        GgufBuilder.u64(v, 1L << 25);
        FileScan.Outcome o = scan(new GgufBuilder().raw("tokenizer.ggml.scores", 9, v.toByteArray()).build());
        Problem p = onlyProblem(o);
        assertThat(p.message()).contains("array length 33554432 needs at least 4 bytes each",
                "key 'tokenizer.ggml.scores'");
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        GgufBuilder.u32(w, 8);
        GgufBuilder.u64(w, -1);
        assertThat(onlyProblem(scan(new GgufBuilder().raw("a", 9, w.toByteArray()).build())).message())
                .contains("array length 18446744073709551615 exceeds the limit");
    }

    @Test
    void gguf_nested_arrays_too_deep() {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        for (int i = 0; i < 12; i++) {
            GgufBuilder.u32(v, 9);
            GgufBuilder.u64(v, 1);
        }
        GgufBuilder.u32(v, 0);
        GgufBuilder.u64(v, 0);
        Problem p = onlyProblem(scan(new GgufBuilder().raw("deep", 9, v.toByteArray()).build()));
        assertThat(p.message()).contains("arrays nested deeper than 8 levels", "key 'deep'");
    }

    @Test
    void nestedArraysWithinTheLimitParse() {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        GgufBuilder.u32(v, 9);
        GgufBuilder.u64(v, 2);
        for (int i = 0; i < 2; i++) {
            GgufBuilder.u32(v, 8);
            GgufBuilder.u64(v, 1);
            GgufBuilder.u64(v, 1);
            v.write('x');
        }
        FileScan.Outcome o = scan(new GgufBuilder().raw("nested", 9, v.toByteArray()).tensor("w", 0, 8).build());
        assertThat(o.problems()).isEmpty();
        assertThat(o.findings()).isEmpty();
    }

    @Test
    void gguf_unknown_value_type_and_duplicate_key_and_bad_alignment() {
        assertThat(onlyProblem(scan(new GgufBuilder().raw("x", 13, new byte[8]).build())).message())
                .contains("unknown value type 13", "key 'x'");
        assertThat(onlyProblem(scan(new GgufBuilder().str("a", "1").str("a", "2").build())).message())
                .startsWith("duplicate metadata key 'a'");
        assertThat(onlyProblem(scan(new GgufBuilder().raw("general.alignment", 4, GgufBuilder.le32(48)).build()))
                .message()).contains("general.alignment 48 is not a power of two");
        assertThat(onlyProblem(scan(new GgufBuilder().raw("general.alignment", 10, GgufBuilder.le64(32)).build()))
                .message()).contains("must be a uint32");
    }

    @Test
    void gguf_duplicate_template_key_hides_nothing() {
        FileScan.Outcome o = scan(new GgufBuilder().str("tokenizer.chat_template", GgufBuilder.CHATML)
                .str("tokenizer.chat_template", "{{ cycler.__init__.__globals__ }}").build());
        assertThat(rules(o)).contains("MLG-GGUF-001");
        assertThat(o.problems()).extracting(Problem::message)
                .containsExactly("duplicate metadata key 'tokenizer.chat_template': llama.cpp refuses the file, "
                        + "other readers keep one copy");
    }

    @Test
    void gguf_too_many_dimensions() {
        Problem p = onlyProblem(scan(new GgufBuilder().tensor("w", 0, 1, 1, 1, 1, 1).build()));
        assertThat(p.message()).contains("5 dimensions", "tensor 'w'");
    }

    @Test
    void gguf_tensor_offset_past_eof() {
        Problem p = onlyProblem(scan(GgufBuilder.benign(null).tensorAt("extra", 0, 1L << 20, 4).data(320).build()));
        assertThat(p.message()).contains("tensor 'extra' data", "runs past the end of the file");
    }

    @Test
    void gguf_misaligned_tensor_data() {
        FileScan.Outcome o = scan(new GgufBuilder().tensor("a", 0, 8).tensorAt("b", 0, 40L, 4).build());
        assertThat(o.problems()).isEmpty();
        assertThat(o.findings()).extracting(Finding::ruleId).containsOnly("MLG-GGUF-004");
        assertThat(o.findings()).extracting(Finding::message)
                .anyMatch(m -> m.contains("data offset 40 is not a multiple of the alignment 32"))
                .anyMatch(m -> m.contains("where llama.cpp expects 32"));
        assertThat(o.findings().getFirst().severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void layoutInconsistencies() {
        FileScan.Outcome overlap = scan(new GgufBuilder().tensor("a", 0, 16).tensorAt("b", 0, 32L, 16).build());
        assertThat(overlap.findings()).extracting(Finding::message).anyMatch(m -> m.contains("overlaps"));
        FileScan.Outcome blocks = scan(new GgufBuilder().tensorAt("q", 8, null, 40, 1).data(96).build());
        assertThat(blocks.findings()).extracting(Finding::message)
                .anyMatch(m -> m.contains("first dimension 40 is not a multiple of the Q8_0 block size 32"));
        FileScan.Outcome unknown = scan(new GgufBuilder().tensor("old", 31, 32).build());
        assertThat(unknown.findings()).extracting(Finding::message)
                .anyMatch(m -> m.contains("unknown or removed ggml type 31"));
        FileScan.Outcome dup = scan(new GgufBuilder().tensor("a", 0, 8).tensor("a", 0, 8).build());
        assertThat(dup.findings()).extracting(Finding::message).anyMatch(m -> m.contains("duplicate tensor name"));
        byte[] trailing = Arrays.copyOf(new GgufBuilder().tensor("a", 0, 8).build(), 64 + 32 + 1000);
        assertThat(scan(trailing).findings()).extracting(Finding::message)
                .anyMatch(m -> m.contains("bytes after the last tensor's data"));
        assertThat(List.of(overlap, blocks, unknown, dup)).allSatisfy(o -> assertThat(o.problems()).isEmpty());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
