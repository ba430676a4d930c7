package org.mlgate.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.ExitCode;
import org.mlgate.core.Finding;
import org.mlgate.core.Verdict;
import org.mlgate.scan.report.TextReport;
import org.mlgate.scan.testing.PickleBuilder;

/** A Hugging Face style folder: files no loader executes are listed SAFE without findings; configs stay judged. */
class QuietModelFolderTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private void folder(String config) throws IOException {
        write("README.md", "# a model\nclass_name: config: not JSON\n");
        write("tokenizer.json", "{\"version\": \"1.0\", \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}}}");
        write("vocab.txt", "[PAD]\n[UNK]\nhello\n");
        write("merges.txt", "#version: 0.2\nh e\n");
        write("model-card.json", "{\"format\": \"mlgate-model-card/v1\", \"name\": \"fraud\"}");
        write("schema.json", "{\"fields\": []}");
        write("provenance.json", "{\"subject\": []}");
        write("config.json", config);
        Files.write(dir.resolve("pytorch_model.bin"), PickleBuilder.create().proto(2).emptyList().stop().bytes());
    }

    @Test
    void nearMiss_notAModelFilesAreSafeWithoutFindings() throws IOException {
        folder("{\"model_type\": \"bert\", \"architectures\": [\"BertModel\"]}");
        ScanReport r = Scanner.builder().threads(1).build().scan(List.of(dir));
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(r.files()).filteredOn(f -> !f.judged()).extracting(f -> dir.relativize(Path.of(f.path())).toString())
                .containsExactlyInAnyOrder("README.md", "tokenizer.json", "vocab.txt", "merges.txt", "model-card.json",
                        "schema.json", "provenance.json");
        assertThat(r.files()).allSatisfy(f -> assertThat(f.findings()).as(f.path()).isEmpty());
        assertThat(r.summary().findings()).isZero();
        String quiet = TextReport.render(r, TextReport.Detail.FINDINGS_ONLY);
        assertThat(quiet).doesNotContain("SAFE    ").contains("9 files: 9 safe (7 not a model), 0 unsafe, 0 error");
    }

    @Test
    void malicious_configJsonAutoMapIsStillJudgedAndQuietShowsIt() throws IOException {
        folder("{\"model_type\": \"x\", \"auto_map\": {\"AutoModel\": \"modeling_x.XModel\"}}");
        ScanReport r = Scanner.builder().threads(1).build().scan(List.of(dir));
        FileResult config = r.files().stream().filter(f -> f.path().endsWith("config.json")
                && !f.path().endsWith("tokenizer_config.json")).findFirst().orElseThrow();
        assertThat(config.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(config.findings()).extracting(Finding::ruleId).contains("MLG-HF-001");
        String quiet = TextReport.render(r, TextReport.Detail.FINDINGS_ONLY);
        assertThat(quiet.lines().filter(l -> l.startsWith("UNSAFE") || l.startsWith("SAFE"))).hasSize(1);
    }
}
