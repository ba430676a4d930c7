package org.mlgate.scan.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.Finding;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.ScanReport;
import org.mlgate.scan.Scanner;

class HfConfigHandlerTest {
    private static final Scanner SCANNER = Scanner.builder().threads(1).build();

    private static FileResult scan(String json) {
        return SCANNER.scanBytes("config.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOrdinaryConfigIsSafe() {
        FileResult r = scan("{\"architectures\": [\"BertForMaskedLM\"], \"model_type\": \"bert\", "
                + "\"hidden_size\": 768, \"transformers_version\": \"4.40.0\"}");
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(r.format()).isEqualTo("huggingface-config");
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void autoMapNamesTheModulesThatRunWithTrustRemoteCode() {
        FileResult r = scan("{\"model_type\": \"custom\", \"auto_map\": {\"AutoConfig\": "
                + "\"configuration_custom.CustomConfig\", \"AutoModel\": \"modeling_custom.CustomModel\"}}");
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-HF-001");
            assertThat(f.message()).contains("configuration_custom.py").contains("modeling_custom.py");
        });
    }

    @Test
    void tokenizerListsAndOtherRepositoriesAreCaught() {
        FileResult r = scan("{\"tokenizer_class\": \"X\", \"auto_map\": {\"AutoTokenizer\": "
                + "[\"tokenization_x.XTokenizer\", null], \"AutoModel\": \"evil/repo--modeling.M\"}}");
        assertThat(r.findings()).extracting(Finding::ruleId).containsExactlyInAnyOrder("MLG-HF-001", "MLG-HF-002");
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.message()).contains("evil/repo"));
    }

    @Test
    void aFolderWithCustomCodeIsUnsafeAndEveryModelFileIsScanned(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"x\", \"auto_map\": "
                + "{\"AutoModel\": \"modeling_x.XModel\"}}");
        Files.writeString(dir.resolve("modeling_x.py"), "import os\nclass XModel: pass\n");
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2, ']', '.'});
        ScanReport r = SCANNER.scan(List.of(dir));
        assertThat(r.files()).hasSize(3);
        assertThat(r.files()).filteredOn(f -> f.path().endsWith("config.json")).singleElement()
                .satisfies(f -> assertThat(f.verdict()).isEqualTo(Verdict.UNSAFE));
        assertThat(r.files()).filteredOn(f -> f.path().endsWith(".bin")).singleElement()
                .satisfies(f -> assertThat(f.format()).isEqualTo("pickle"));
    }

    @Test
    void aFolderWithoutCustomCodeIsSafeFileByFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"GPT2LMHeadModel\"], "
                + "\"model_type\": \"gpt2\", \"n_embd\": 8, \"transformers_version\": \"4.40.0\"}");
        Files.writeString(dir.resolve("generation_config.json"), "{\"bos_token_id\": 0, \"eos_token_id\": 0, "
                + "\"transformers_version\": \"4.40.0\"}");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"GPT2Tokenizer\", "
                + "\"model_max_length\": 1024}");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": {\"type\": \"BPE\"}}");
        byte[] header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}".getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer st = java.nio.ByteBuffer.allocate(8 + header.length + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        st.putLong(header.length).put(header);
        Files.write(dir.resolve("model.safetensors"), st.array());
        ScanReport r = SCANNER.scan(List.of(dir));
        assertThat(r.files()).hasSize(5).allSatisfy(f -> assertThat(f.verdict()).as(f.path()).isEqualTo(Verdict.SAFE));
        assertThat(r.files()).allSatisfy(f -> assertThat(f.findings()).filteredOn(x -> x.severity()
                .atLeast(org.mlgate.core.Severity.LOW)).isEmpty());
        assertThat(r.files()).filteredOn(f -> f.path().endsWith("model.safetensors")).singleElement()
                .satisfies(f -> assertThat(f.format()).isEqualTo("safetensors"));
    }

    @Test
    void jsonThatIsNotAHuggingFaceConfigIsLeftAlone() {
        FileResult r = SCANNER.scanBytes("data.json", "{\"name\": \"not a model\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.format()).isEqualTo("not-a-model");
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void configJsonIsJudgedByNameBecauseTransformersReadsItByName() {
        FileResult plain = scan("{\"name\": \"not a model\"}");
        assertThat(plain.format()).isEqualTo("huggingface-config");
        assertThat(plain.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(plain.judged()).isTrue();
        FileResult broken = SCANNER.scanBytes("tokenizer_config.json",
                "not json at all".getBytes(StandardCharsets.UTF_8));
        assertThat(broken.verdict()).isEqualTo(Verdict.ERROR);
    }
}
